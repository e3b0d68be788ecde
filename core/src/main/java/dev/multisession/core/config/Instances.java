package dev.multisession.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Creates the class a configuration key names; see {@link ConfigValues#newInstance}. */
final class Instances {
    private Instances() {
    }

    static <T> T newInstance(String key, String className, Class<T> type, MultiSessionConfig config) {
        String name = className.trim();
        String shown = "'" + Values.printable(name, 255) + "'";
        Class<?> found = load(key, name, shown, type);
        if (!type.isAssignableFrom(found)) {
            throw new ConfigurationException(key, shown + " does not implement " + type.getName()
                    + "; name a class that does");
        }
        if (found.isInterface() || Modifier.isAbstract(found.getModifiers())) {
            throw new ConfigurationException(key, shown + " is abstract; name a concrete class that implements " + type.getName());
        }
        if (!Modifier.isPublic(found.getModifiers())) {
            throw new ConfigurationException(key, shown + " is not public; make the class and its constructor public");
        }
        Constructor<?> constructor;
        Object[] arguments;
        try {
            constructor = found.getConstructor(MultiSessionConfig.class);
            arguments = new Object[] {config};
        } catch (NoSuchMethodException e) {
            try {
                constructor = found.getConstructor();
                arguments = new Object[0];
            } catch (NoSuchMethodException none) {
                throw new ConfigurationException(key, shown + " has no public constructor taking a "
                        + MultiSessionConfig.class.getSimpleName() + " and no public no-argument constructor; add one");
            }
        }
        try {
            return type.cast(constructor.newInstance(arguments));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigurationException c) {
                throw c;
            }
            if (cause instanceof VirtualMachineError error) {
                throw error;
            }
            throw new ConfigurationException(key, "the constructor of " + shown + " threw "
                    + (cause == null ? "an exception" : cause.getClass().getName())
                    + "; fix what it needs (see the cause) or name another class", cause == null ? e : cause);
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException(key, "cannot create " + shown + " (" + e.getClass().getSimpleName()
                    + "); make the class and its constructor public", e);
        } catch (LinkageError e) {
            throw new ConfigurationException(key, "cannot initialize " + shown + " (" + e.getClass().getName()
                    + "); check its static initializer and that its dependencies are on the class path", e);
        }
    }

    private static Class<?> load(String key, String name, String shown, Class<?> type) {
        try {
            return Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException(key, "no class " + shown + " can be loaded; write the fully qualified name of a"
                    + " public class that implements " + type.getName() + " and put it on the class path", e);
        } catch (LinkageError e) {
            throw new ConfigurationException(key, "cannot load " + shown + " (" + e.getClass().getName()
                    + "); put it and its dependencies on the class path", e);
        }
    }

    /** The thread context class loader, else the core's. */
    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            return context;
        }
        ClassLoader own = Instances.class.getClassLoader();
        return own != null ? own : ClassLoader.getSystemClassLoader();
    }
}
