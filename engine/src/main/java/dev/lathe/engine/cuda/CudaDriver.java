package dev.lathe.engine.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The NVIDIA driver, initialised once per process through JCuda's driver API. Where it cannot be
 * used (no libcuda.so.1, no GPU, a failing cuInit) the reason is kept and every later call fails
 * with it, without touching JCuda again: a class whose native library failed to load answers
 * only NoClassDefFoundError afterwards.
 */
public final class CudaDriver {

    private static String unavailable;
    private static boolean initialised;

    private CudaDriver() {
    }

    /** Initialises the driver, or throws naming what is missing. */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        if (unavailable == null) {
            unavailable = tryInit();
        }
        if (unavailable != null) {
            throw new CudaUnavailableException(unavailable);
        }
        initialised = true;
    }

    private static String tryInit() {
        int status;
        try {
            JCudaDriver.setExceptionsEnabled(false);
            status = JCudaDriver.cuInit(0);
        } catch (LinkageError e) {
            return LinkFailures.missingLibrary(e.getMessage())
                    .map(lib -> lib.startsWith("libcuda.")
                            ? "no NVIDIA driver: " + lib + " could not be loaded (install the NVIDIA driver, or use a machine with a GPU)"
                            : "JCuda's driver binding needs " + lib + ", which could not be loaded")
                    .orElse("JCuda's driver binding failed to load: " + LinkFailures.firstLine(e.getMessage()));
        }
        if (status == CUresult.CUDA_ERROR_NO_DEVICE) {
            return "the NVIDIA driver is installed but finds no GPU (cuInit: CUDA_ERROR_NO_DEVICE)";
        }
        if (status != CUresult.CUDA_SUCCESS) {
            return "the NVIDIA driver failed to initialise (cuInit: " + CUresult.stringFor(status) + ")";
        }
        int[] count = new int[1];
        CudaCalls.driver(JCudaDriver.cuDeviceGetCount(count), () -> "cuDeviceGetCount");
        return count[0] == 0 ? "the NVIDIA driver is installed but finds no GPU" : null;
    }

    public static int deviceCount() {
        init();
        int[] count = new int[1];
        CudaCalls.driver(JCudaDriver.cuDeviceGetCount(count), () -> "cuDeviceGetCount");
        return count[0];
    }

    /** The device handle of GPU {@code index}, or an error saying how many GPUs there are. */
    static CUdevice device(int index) {
        int count = deviceCount();
        if (index >= count) {
            throw new CudaUnavailableException("device index " + index + " is out of range: this machine has " + count
                    + (count == 1 ? " GPU (cuda:0)" : " GPUs (cuda:0 to cuda:" + (count - 1) + ")"));
        }
        CUdevice device = new CUdevice();
        CudaCalls.driver(JCudaDriver.cuDeviceGet(device, index), () -> "cuDeviceGet(" + index + ")");
        return device;
    }

    public static CudaDeviceInfo info(int index) {
        CUdevice device = device(index);
        byte[] name = new byte[256];
        CudaCalls.driver(JCudaDriver.cuDeviceGetName(name, name.length, device), () -> "cuDeviceGetName(" + index + ")");
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        long[] memory = new long[1];
        CudaCalls.driver(JCudaDriver.cuDeviceTotalMem(memory, device), () -> "cuDeviceTotalMem(" + index + ")");
        int[] version = new int[1];
        CudaCalls.driver(JCudaDriver.cuDriverGetVersion(version), () -> "cuDriverGetVersion");
        return new CudaDeviceInfo(index, new String(name, 0, length, StandardCharsets.UTF_8), memory[0],
                attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR), attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), version[0]);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        CudaCalls.driver(JCudaDriver.cuDeviceGetAttribute(value, attribute, device), () -> "cuDeviceGetAttribute(" + attribute + ")");
        return value[0];
    }
}
