package dev.lathe.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The kernels of one GPU: each op family's PTX module (the class-path resource
 * dev/lathe/native/ptx/&lt;family&gt;.ptx from the lathe-native jar) loaded on first use, and each
 * kernel's function handle looked up once.
 */
final class PtxModules {

    static final String RESOURCE_FOLDER = "dev/lathe/native/ptx/";

    private final CudaContext context;
    private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    PtxModules(CudaContext context) {
        this.context = context;
    }

    CUfunction function(String family, String kernel) {
        return functions.computeIfAbsent(family + "/" + kernel, key -> lookUp(module(family), family, kernel));
    }

    private CUmodule module(String family) {
        return modules.computeIfAbsent(family, this::load);
    }

    private CUfunction lookUp(CUmodule module, String family, String kernel) {
        CUfunction function = new CUfunction();
        int status = JCudaDriver.cuModuleGetFunction(function, module, kernel);
        if (status == CUresult.CUDA_ERROR_NOT_FOUND) {
            throw new CudaCallException("kernel " + kernel + " is not in the PTX of family '" + family + "' (" + RESOURCE_FOLDER + family
                    + ".ptx): the lathe-native jar is older than the engine, or the kernel's name is misspelt");
        }
        CudaCalls.driver(status, () -> "cuModuleGetFunction(" + family + ", " + kernel + ")");
        return function;
    }

    private CUmodule load(String family) {
        byte[] ptx = resource(family);
        context.bind();
        CUmodule module = new CUmodule();
        int status = JCudaDriver.cuModuleLoadData(module, ptx);
        if (status == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw new CudaCallException("the driver (CUDA " + CudaDeviceInfo.driverVersionText(context.info().driverVersion())
                    + ") cannot load the PTX of kernel family '" + family + "': it was compiled by a newer nvcc; update the NVIDIA"
                    + " driver or build lathe-native with the nvcc matching this driver");
        }
        CudaCalls.driver(status, () -> "cuModuleLoadData(" + RESOURCE_FOLDER + family + ".ptx, " + ptx.length + " bytes)");
        return module;
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData expects. */
    private static byte[] resource(String family) {
        String name = RESOURCE_FOLDER + family + ".ptx";
        try (InputStream in = PtxModules.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new CudaUnavailableException("no CUDA kernels of family '" + family + "': the class-path resource " + name
                        + " is missing (the lathe-native jar was built without nvcc or with -Dlathe.skipKernels=true)");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new CudaCallException("reading " + name + ": " + e.getMessage());
        }
    }
}
