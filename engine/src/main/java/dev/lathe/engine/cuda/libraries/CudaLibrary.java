package dev.lathe.engine.cuda.libraries;

import java.util.List;

/**
 * A shared library the CUDA backend needs, by the sonames the JCuda natives link against.
 * JCublas 12.6.0 and JCudnn 11.7.0 link {@code libcublas.so.12} and {@code libcudnn.so.8}; where
 * only the next generation exists, the compatibility library of that name (built in native/compat)
 * forwards to it.
 */
public enum CudaLibrary {
    DRIVER("CUDA driver", "libcuda.so.1", null, List.of()),
    CUBLAS("cuBLAS", "libcublas.so.12", "libcublas.so.13", List.of("libcublasLt")),
    // cuDNN opens its sub-libraries by soname; loading the ones beside it first (in dependency
    // order) lets that work from folders the system loader does not search, such as wheels
    CUDNN("cuDNN", "libcudnn.so.8", "libcudnn.so.9", List.of(
            "libcudnn_graph", "libcudnn_engines_runtime_compiled", "libcudnn_engines_precompiled",
            "libcudnn_heuristic", "libcudnn_ops_infer", "libcudnn_ops_train", "libcudnn_ops",
            "libcudnn_cnn_infer", "libcudnn_cnn_train", "libcudnn_cnn",
            "libcudnn_adv_infer", "libcudnn_adv_train", "libcudnn_adv"));

    private final String title;
    private final String soname;
    private final String newerSoname;
    private final List<String> companions;

    CudaLibrary(String title, String soname, String newerSoname, List<String> companions) {
        this.title = title;
        this.soname = soname;
        this.newerSoname = newerSoname;
        this.companions = companions;
    }

    /** For messages: "cuBLAS". */
    public String title() {
        return title;
    }

    /** The soname the JCuda natives link against. */
    public String soname() {
        return soname;
    }

    /** The next generation's soname a compatibility library forwards to; null where there is none. */
    public String newerSoname() {
        return newerSoname;
    }

    /**
     * Base names of libraries loaded from the chosen library's folder before it, in this order, with
     * the chosen library's major version ({@code libcublasLt} becomes {@code libcublasLt.so.13}).
     */
    List<String> companions() {
        return companions;
    }
}
