package dev.lathe.engine.cuda;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.BackendProvider;

/** Registers the CUDA backend with {@link dev.lathe.engine.backend.Backends} (META-INF/services). */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public Backend open(Device device) {
        return CudaBackend.open(device);
    }
}
