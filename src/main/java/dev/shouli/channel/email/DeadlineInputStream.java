package dev.shouli.channel.email;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A message that must have arrived by a deadline. The socket's own timeout bounds one read only: a sender dribbling
 * a byte now and then would hold its session for ever. Past the deadline the next read fails, and the session ends.
 */
final class DeadlineInputStream extends FilterInputStream {

    private final long deadline;
    private final Duration timeout;

    DeadlineInputStream(InputStream in, Duration timeout) {
        super(in);
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    private void check() throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("the message did not arrive within " + timeout.toSeconds() + " seconds");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }
}
