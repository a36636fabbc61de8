package io.userbound.server.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.userbound.core.model.AuditText;

/**
 * Logback's stack trace ({@code %ex}) with the control characters of every exception message neutralized, causes
 * and suppressed exceptions included: an exception that quotes client input cannot forge log lines either. The
 * line breaks between frames are the converter's own and stay. Registered as {@code %safeEx}.
 */
public final class NeutralizedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(tp == null ? null : new Neutralized(tp));
    }

    /** A throwable as logged, with its messages (and its causes') neutralized. */
    private record Neutralized(IThrowableProxy delegate) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return AuditText.neutralize(delegate.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return AuditText.neutralize(delegate.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return delegate.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return delegate.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return delegate.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy cause = delegate.getCause();
            return cause == null ? null : new Neutralized(cause);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = delegate.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                out[i] = new Neutralized(suppressed[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return delegate.isCyclic();
        }
    }
}
