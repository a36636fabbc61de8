package io.userbound.core.admin.apps;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A connected app to create ({@code POST sobjects/ConnectedApplication}): a name (required), an optional certificate
 * (PEM) and scopes (default {@link io.userbound.core.model.ConnectedApp#DEFAULT_SCOPES}), and any of the settings
 * of {@link AppUpdate}; {@link ConnectedAppAdmin#create} checks them in that order.
 *
 * @param name {@code Name}
 * @param certificate {@code Certificate}, as sent
 * @param scopes {@code Scopes}
 * @param settings the settings members
 */
public record NewApp(Member<String> name, Member<String> certificate, Member<List<String>> scopes,
        AppUpdate settings) {

    /** Reads a {@code POST sobjects/ConnectedApplication} body; its errors are thrown as creation reads it. */
    public static NewApp from(Map<String, Object> body) {
        RequestBody b = RequestBody.read("ConnectedApplication", body, AppSettings.CREATE_FIELDS);
        return new NewApp(b.string("Name"), b.rawString("Certificate"), b.strings("Scopes"), AppUpdate.from(b));
    }
}
