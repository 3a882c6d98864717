package dev.shouli.feature.console;

import dev.shouli.core.cases.Assignees;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The console's active users as the people cases are assigned to. */
final class DeskAssignees implements Assignees {

    private final DeskUserStore store;

    DeskAssignees(DeskUserStore store) {
        this.store = store;
    }

    @Override
    public Future<List<Assignee>> active() {
        return store.all().map(users -> users.stream().filter(DeskUserStore.DeskUser::active)
                .map(u -> new Assignee(u.username(), u.displayName(), u.role())).toList());
    }

    @Override
    public Future<Optional<Assignee>> find(String username) {
        return store.byUsername(username).map(found -> found.filter(DeskUserStore.DeskUser::active)
                .map(u -> new Assignee(u.username(), u.displayName(), u.role())));
    }
}
