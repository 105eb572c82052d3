package dev.lathe.engine.backend;

import dev.lathe.engine.Device;
import dev.lathe.engine.cpu.CpuBackend;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend for a device. The CPU backend is built in; GPU backends register
 * through {@link BackendProvider} so the engine does not depend on them.
 */
public final class Backends {

    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();

    private Backends() {
    }

    public static Backend cpu() {
        return of(Device.CPU);
    }

    public static Backend of(Device device) {
        return BACKENDS.computeIfAbsent(device, Backends::create);
    }

    private static Backend create(Device device) {
        if (device.kind() == Device.Kind.CPU) {
            return new CpuBackend();
        }
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.kind() == device.kind()) {
                return provider.open(device);
            }
        }
        throw new IllegalStateException("no backend for " + device + ": the CUDA backend module is not on the class path");
    }
}
