package dev.lathe.engine.cuda;

/** A device allocation failed even after the allocator released its cached blocks. */
public final class DeviceOutOfMemoryException extends RuntimeException {

    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
