package dev.shouli.channel.email;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one mailbox on its own thread. Progress is the UIDVALIDITY and the last committed UID in
 * PostgreSQL — never the \Seen flag, which people and other clients change. A message's UID is recorded
 * only after its intake committed (a crash in between means a re-fetch, which intake answers as a
 * redelivery). A message that cannot be fetched is reported as a gap, not skipped silently; a changed
 * UIDVALIDITY is reported and the folder is read again from the start.
 */
final class MailboxPoller {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked";

    private final EmailConfig.Mailbox mailbox;
    private final EmailConfig.Imap settings;
    private final EmailIntake intake;
    private final Pool pool;
    private final EmailStore store;
    private final Clock clock;
    private final ScheduledExecutorService idleBreaker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imap-idle-breaker");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private volatile Folder openFolder;
    private Thread thread;
    /** Held while this instance owns the mailbox: the advisory lock lives as long as this session. */
    private SqlConnection lockConnection;

    MailboxPoller(EmailConfig.Mailbox mailbox, EmailConfig.Imap settings, EmailIntake intake, Pool pool,
                  EmailStore store, Clock clock) {
        this.mailbox = mailbox;
        this.settings = settings;
        this.intake = intake;
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    void start() {
        thread = new Thread(this::run, "imap-" + mailbox.name());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        Folder folder = openFolder;
        if (folder != null) {
            try {
                folder.close(false); // ends an IDLE at once
            } catch (MessagingException | RuntimeException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idleBreaker.shutdownNow();
        releaseLock();
    }

    private void run() {
        while (running) {
            try {
                if (holdLock()) {
                    pollWhileOwner();
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warn("polling {} failed; trying again in {}: {}", mailbox, settings.pollInterval(), e.toString());
                }
                releaseLock();
            }
            pause();
        }
    }

    private boolean holdLock() throws Exception {
        if (lockConnection != null) {
            return true;
        }
        SqlConnection conn = await(pool.getConnection());
        boolean locked = await(conn.preparedQuery(TRY_LOCK).execute(Tuple.of("shouli.imap:" + mailbox.name())))
                .iterator().next().getBoolean("locked");
        if (!locked) {
            conn.close();
            return false;
        }
        lockConnection = conn;
        LOG.info("this instance polls {}", mailbox);
        return true;
    }

    private void releaseLock() {
        SqlConnection conn = lockConnection;
        lockConnection = null;
        if (conn != null) {
            conn.close(); // ending the session releases the advisory lock
        }
    }

    /** Connects, catches up, then waits for new mail (IDLE or the interval) and catches up again. */
    private void pollWhileOwner() throws Exception {
        Store imap = Session.getInstance(properties()).getStore(mailbox.protocol());
        try {
            imap.connect(mailbox.host(), mailbox.port(), mailbox.user(), mailbox.password());
            Folder folder = imap.getFolder(mailbox.folder());
            folder.open(mailbox.moveTo() == null ? Folder.READ_ONLY : Folder.READ_WRITE);
            openFolder = folder;
            boolean idle = settings.idle() && imap instanceof IMAPStore s && s.hasCapability("IDLE");
            while (running && lockStillHeld()) {
                catchUp(folder);
                if (idle) {
                    idleOnce((IMAPFolder) folder);
                } else {
                    pause();
                }
            }
        } finally {
            openFolder = null;
            try {
                imap.close();
            } catch (MessagingException ignored) {
                // the connection is gone either way
            }
        }
    }

    private boolean lockStillHeld() throws Exception {
        await(lockConnection.query("SELECT 1").execute());
        return true;
    }

    /** Everything after the last committed UID, in UID order. */
    void catchUp(Folder folder) throws Exception {
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        EmailStore.MailboxState state = await(store.mailboxState(pool, mailbox.name())).orElse(null);
        if (state == null || state.uidValidity() != validity) {
            if (state != null) {
                await(store.addGap(pool, mailbox.name(), state.uidValidity(), state.lastUid() + 1, Long.MAX_VALUE,
                        "UIDVALIDITY changed from " + state.uidValidity() + " to " + validity
                                + ": the folder is read again from the start (redeliveries are recognised)",
                        clock.instant()));
                LOG.warn("UIDVALIDITY of {} changed; reading it again from the start", mailbox);
            }
            await(store.resetMailbox(pool, mailbox.name(), validity, clock.instant()));
            state = new EmailStore.MailboxState(validity, 0);
        }
        Message[] messages = uids.getMessagesByUID(state.lastUid() + 1, UIDFolder.LASTUID);
        List<Message> ordered = Arrays.stream(messages).filter(m -> m != null)
                .sorted(Comparator.comparingLong(m -> uid(uids, m))).toList();
        for (Message message : ordered) {
            long uid = uid(uids, message);
            if (uid <= state.lastUid() || !running) {
                continue; // "n:*" always returns the last message, even an old one
            }
            byte[] raw;
            try {
                raw = rawBytes(message);
            } catch (FolderClosedException | StoreClosedException e) {
                throw e; // the connection went away: try again later, nothing skipped
            } catch (MessagingException | IOException e) {
                await(store.addGap(pool, mailbox.name(), validity, uid, uid, "cannot fetch: " + e, clock.instant()));
                await(store.advanceMailbox(pool, mailbox.name(), validity, uid, clock.instant()));
                continue;
            }
            // Blocks this poller's own thread until commit; a failure (database down) ends the round here
            // and the same UID is fetched again next time.
            await(intake.accept(raw, new Envelope("imap", null, List.of(), mailbox.name()), clock.instant()));
            await(store.advanceMailbox(pool, mailbox.name(), validity, uid, clock.instant()));
            if (mailbox.moveTo() != null) {
                moveProcessed(folder, message);
            }
        }
    }

    private void moveProcessed(Folder folder, Message message) {
        try {
            Folder target = folder.getStore().getFolder(mailbox.moveTo());
            if (!target.exists()) {
                target.create(Folder.HOLDS_MESSAGES);
            }
            if (folder instanceof IMAPFolder imapFolder) {
                imapFolder.moveMessages(new Message[] {message}, target);
            }
        } catch (MessagingException e) {
            // Already committed and recorded: leaving it in place loses nothing.
            LOG.warn("could not move a processed message of {} to {}: {}", mailbox, mailbox.moveTo(), e.toString());
        }
    }

    private void idleOnce(IMAPFolder folder) throws MessagingException {
        // IDLE ends when the server reports a change, or when another command is issued: the breaker issues
        // one after the poll interval so a silent server cannot keep us waiting forever.
        ScheduledFuture<?> breaker = idleBreaker.schedule(() -> {
            try {
                // Any command on the folder first ends the IDLE (angus sends DONE), then runs.
                folder.doCommand(protocol -> {
                    protocol.simpleCommand("NOOP", null);
                    return null;
                });
            } catch (MessagingException | RuntimeException ignored) {
                // the poll loop notices a dead connection itself
            }
        }, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        try {
            folder.idle(true);
        } finally {
            breaker.cancel(false);
        }
    }

    private static long uid(UIDFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            return Long.MAX_VALUE;
        }
    }

    private static byte[] rawBytes(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private Properties properties() {
        Properties p = new Properties();
        String prefix = "mail." + mailbox.protocol() + ".";
        p.setProperty(prefix + "connectiontimeout", "20000");
        p.setProperty(prefix + "timeout", "60000");
        p.setProperty(prefix + "starttls.enable", String.valueOf(mailbox.startTls()));
        p.setProperty(prefix + "starttls.required", String.valueOf(mailbox.startTls()));
        // Fetch whole messages in one go: we store the raw bytes anyway.
        p.setProperty(prefix + "partialfetch", "false");
        // BODY.PEEK: reading a message must not set \Seen for the people who use the mailbox.
        p.setProperty(prefix + "peek", "true");
        p.setProperty("mail.mime.allowutf8", "false");
        return p;
    }

    private void pause() {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
