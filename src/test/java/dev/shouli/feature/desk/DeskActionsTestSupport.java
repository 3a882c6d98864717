package dev.shouli.feature.desk;

import dev.shouli.support.Http;
import dev.shouli.support.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Posts a desk action with the test token and no parameters. */
final class DeskActionsTestSupport {

    private DeskActionsTestSupport() {
    }

    static HttpResponse<String> post(Http http, String reference, String action) {
        return http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }
}
