package dev.shouli.core.outbox;

import io.vertx.core.Future;

/** One template on one channel, as the outbox worker sees it: kind = the template's purpose. */
final class NoticeHandler implements OutboxHandler {

    private final NoticeTemplate template;
    private final NoticeChannel channel;

    NoticeHandler(NoticeTemplate template, NoticeChannel channel) {
        this.template = template;
        this.channel = channel;
    }

    @Override
    public String kind() {
        return template.purpose();
    }

    @Override
    public String channel() {
        return channel.channel();
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        return channel.send(item, Notice.of(item), template);
    }

    @Override
    public Future<String> deliver(OutboxItem item, HandOver handOver) {
        return channel.send(item, Notice.of(item), template, handOver);
    }

    @Override
    public double sendsPerSecond() {
        return channel.sendsPerSecond();
    }

    @Override
    public int cost(OutboxItem item) {
        return channel.cost(Notice.of(item), template);
    }
}
