package dev.shouli.core.intake;

import dev.shouli.core.domain.Submission;
import java.util.Map;

/**
 * Whether a submission has proven the contact it names (docs/architecture.md, "Who has proven a contact"). Only a proven submission may join
 * another case — and so learn, or let its sender learn, that the case exists and what its reference is.
 *
 * <ul>
 *   <li>SMS: the carrier delivered it from that number;</li>
 *   <li>email: the From address is the one our mail goes to (a forged From can still make a submission, so
 *       no answer the sender of the SMTP or HTTP request sees names a case it joined — see the SMTP listener);</li>
 *   <li>hotline work orders and Open311 requests: a signed platform, a keyed client, vouch for the caller;</li>
 *   <li>the status page: the person proved the case's own contact there, and what they add joins only that
 *       case (the route names it on the stored submission, never the request);</li>
 *   <li>the JSON API: only with a partner key ({@code SHOULI_API_PARTNER_KEYS}), recorded on the stored
 *       submission as {@link #PARTNER_HEADER} by the route after the key was checked, never taken from a
 *       request.</li>
 * </ul>
 * The web form, an API call without a partner key, and any channel not named here have proven nothing: whoever
 * typed a phone number or address may not own it.
 */
public final class ContactProof {

    /** Set on a stored JSON API submission by the route once a partner key was verified: the partner's name. */
    public static final String PARTNER_HEADER = "X-Shouli-Partner";

    private ContactProof() {
    }

    public static boolean proven(Submission submission) {
        String channel = submission.channel();
        return switch (channel) {
            case "sms", "email", "open311", "status" -> true;
            case "api" -> partner(submission.headers()) != null;
            default -> channel.startsWith("hotline");
        };
    }

    /** The partner a stored submission was made by, or null. */
    public static String partner(Map<String, String> headers) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(PARTNER_HEADER)) {
                return e.getValue();
            }
        }
        return null;
    }
}
