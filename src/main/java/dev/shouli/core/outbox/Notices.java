package dev.shouli.core.outbox;

import java.util.ArrayList;
import java.util.List;

/** Every notice template on every notice channel: the outbox handlers notices are sent by. */
public final class Notices {

    private Notices() {
    }

    public static List<OutboxHandler> handlers(List<NoticeTemplate> templates, List<NoticeChannel> channels) {
        List<OutboxHandler> out = new ArrayList<>();
        for (NoticeTemplate template : templates) {
            for (NoticeChannel channel : channels) {
                out.add(new NoticeHandler(template, channel));
            }
        }
        return out;
    }
}
