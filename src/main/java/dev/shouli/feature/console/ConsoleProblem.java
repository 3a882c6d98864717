package dev.shouli.feature.console;

/**
 * A failure shown to a desk user as a page in their language: a message key, or a detail already written
 * for people (a refused desk action's reason). The console's failure handler renders it.
 */
final class ConsoleProblem extends RuntimeException {

    private final int status;
    private final String key;

    private ConsoleProblem(int status, String key, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.key = key;
    }

    static ConsoleProblem forbidden(String key) {
        return new ConsoleProblem(403, key, null);
    }

    static ConsoleProblem notFound() {
        return new ConsoleProblem(404, "error.notFound", null);
    }

    static ConsoleProblem badRequest(String detail) {
        return new ConsoleProblem(400, "error.badRequest", detail);
    }

    int status() {
        return status;
    }

    String key() {
        return key;
    }

    /** Extra text to show under the message, already meant for people; may be null. */
    String detail() {
        return getMessage();
    }
}
