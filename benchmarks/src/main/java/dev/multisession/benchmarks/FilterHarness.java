package dev.multisession.benchmarks;

import dev.multisession.core.engine.MultiSession;
import dev.multisession.servlet.MultiSessionFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real {@link MultiSessionFilter}, initialised as a container would, on a {@link ServletContext}
 * stub whose attribute {@code dev.multisession.core.engine.MultiSession} holds a pre-built engine
 * (the documented way to hand the filter your own engine). The stubs are
 * {@link java.lang.reflect.Proxy} objects: they are used at {@code init} only, never per request.
 *
 * <pre>{@code
 * FilterHarness h = FilterHarness.start(fixture.engine(), Map.of("multisession.routes", Fixture.ROUTES));
 * h.filter().doFilter(request, response, h.chain());
 * String user = h.chain().lastRequest().getRemoteUser();
 * }</pre>
 */
public final class FilterHarness {
    private final MultiSessionFilter filter;
    private final RecordingChain chain = new RecordingChain();

    private FilterHarness(MultiSessionFilter filter) {
        this.filter = filter;
    }

    public static FilterHarness start(MultiSession engine, Map<String, String> initParameters) {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        attributes.put(MultiSession.class.getName(), engine);
        ServletContext context = (ServletContext) Proxy.newProxyInstance(FilterHarness.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> {
                        if (args[1] == null) {
                            attributes.remove((String) args[0]);
                        } else {
                            attributes.put((String) args[0], args[1]);
                        }
                        yield null;
                    }
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getInitParameter" -> initParameters.get((String) args[0]);
                    case "getInitParameterNames" -> Collections.enumeration(initParameters.keySet());
                    case "getContextPath" -> "";
                    case "getClassLoader" -> FilterHarness.class.getClassLoader();
                    case "getServletContextName" -> "benchmark";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "benchmark ServletContext";
                    default -> defaultValue(method.getReturnType());
                });
        FilterConfig config = (FilterConfig) Proxy.newProxyInstance(FilterHarness.class.getClassLoader(),
                new Class<?>[] {FilterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletContext" -> context;
                    case "getFilterName" -> "multisession";
                    case "getInitParameter" -> null;
                    case "getInitParameterNames" -> Collections.emptyEnumeration();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> defaultValue(method.getReturnType());
                });
        MultiSessionFilter filter = new MultiSessionFilter();
        try {
            ((jakarta.servlet.Filter) filter).init(config); // through the interface: it may declare ServletException
        } catch (ServletException e) {
            throw new IllegalStateException(e);
        }
        return new FilterHarness(filter);
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    public MultiSessionFilter filter() {
        return filter;
    }

    public RecordingChain chain() {
        return chain;
    }

    /** A no-op chain that remembers the request the filter passed on (the app would get it). */
    public static final class RecordingChain implements FilterChain {
        private ServletRequest last;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            last = request;
        }

        public HttpServletRequest lastRequest() {
            return (HttpServletRequest) last;
        }

        public void clear() {
            last = null;
        }
    }
}
