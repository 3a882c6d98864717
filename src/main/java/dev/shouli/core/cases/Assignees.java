package dev.shouli.core.cases;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The people cases can be assigned to: the active desk users. The console keeps them (its users' page) and
 * provides this; assignment picks from it and refuses a name it does not know, routing picks a unit's members.
 */
public interface Assignees {

    /** An active desk user as others see them. */
    record Assignee(String username, String displayName, String role) {
    }

    /** Every active user, by user name. */
    Future<List<Assignee>> active();

    /** The active user of that name, or empty (unknown or deactivated). */
    Future<Optional<Assignee>> find(String username);
}
