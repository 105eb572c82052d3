package dev.lathe.engine.backend;

import dev.lathe.engine.Device;

/** Service interface through which a device backend (such as CUDA) plugs into the engine. */
public interface BackendProvider {

    Device.Kind kind();

    /** Opens the backend for one device, or fails with a message naming what is missing. */
    Backend open(Device device);
}
