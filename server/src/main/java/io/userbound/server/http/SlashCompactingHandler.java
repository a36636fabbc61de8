package io.userbound.server.http;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a path with repeated slashes as the path with single ones, once, before any route is matched: a client whose
 * instance URL ends in a slash ({@code sf org login access-token} stores {@code http://host:port/}, jsforce keeps it)
 * sends {@code //services/data/v66.0/...}, which Salesforce answers as {@code /services/data/v66.0/...}. Only literal
 * slashes are merged; an encoded {@code %2F} stays part of its segment. The query
 * is kept as sent.
 */
public final class SlashCompactingHandler extends Handler.Wrapper {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || !path.contains("//")) {
            return super.handle(request, response, callback);
        }
        HttpURI compacted = HttpURI.build(uri).path(compact(path));
        return super.handle(Request.serveAs(request, compacted), response, callback);
    }

    /** {@code path} with each run of slashes made one slash. */
    static String compact(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || out.isEmpty() || out.charAt(out.length() - 1) != '/') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
