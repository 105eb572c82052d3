package dev.lathe.engine.cuda.libraries;

import java.nio.file.Path;
import java.util.List;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationDescriptor;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnRNNDescriptor;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.runtime.cudaStream_t;

/**
 * Run by {@link CompatLinkTest} in a child JVM: loads the libraries of one folder (stand-ins for
 * libcublas.so.13 and libcudnn.so.9) through {@link CudaLibraries}, which adds the compatibility
 * libraries, then calls JCublas2 and JCudnn and prints {@code name=value} lines of what came back.
 */
public final class CompatLinkProbe {

    private CompatLinkProbe() {}

    public static void main(String[] args) {
        CudaLibraryReport report = CudaLibraries.load(LibrarySearch.of(List.of(Path.of(args[0]))));
        print("cublas.compat", report.cublas().compat());
        print("cudnn.compat", report.cudnn().compat());

        cublasHandle blas = new cublasHandle();
        print("cublasCreate", JCublas2.cublasCreate(blas));
        int[] version = new int[1];
        print("cublasGetVersion", JCublas2.cublasGetVersion(blas, version));
        print("cublasGetVersion.version", version[0]);
        print("cublasSgemm", JCublas2.cublasSgemm(blas, 0, 0, 2, 3, 4, Pointer.to(new float[] {1.5f}),
                new Pointer(), 5, new Pointer(), 6, Pointer.to(new float[] {0.25f}), new Pointer(), 7));
        print("cublasSetMathMode", JCublas2.cublasSetMathMode(blas, 0));
        print("cublasGetStatusString", JCublas2.cublasGetStatusString(0));
        print("cublasGetCudartVersion", JCublas2.cublasGetCudartVersion());

        print("cudnnGetVersion", JCudnn.cudnnGetVersion());
        cudnnHandle dnn = new cudnnHandle();
        print("cudnnCreate", JCudnn.cudnnCreate(dnn));
        print("cudnnSetStream", JCudnn.cudnnSetStream(dnn, new cudaStream_t()));
        print("cudnnGetErrorString", JCudnn.cudnnGetErrorString(3));
        print("cudnnSetConvolution2dDescriptor",
                JCudnn.cudnnSetConvolution2dDescriptor(new cudnnConvolutionDescriptor(), 1, 1, 2, 3, 4, 5, 1, 0));
        print("cudnnSetActivationDescriptor",
                JCudnn.cudnnSetActivationDescriptor(new cudnnActivationDescriptor(), 1, 0, 6.25));
        print("cudnnOpsInferVersionCheck", JCudnn.cudnnOpsInferVersionCheck());
        print("cudnnSetRNNBiasMode", JCudnn.cudnnSetRNNBiasMode(new cudnnRNNDescriptor(), 0));
        print("cudnnDestroy", JCudnn.cudnnDestroy(dnn));
        int[] returned = new int[1];
        cudnnConvolutionFwdAlgoPerf[] perf = {new cudnnConvolutionFwdAlgoPerf(), new cudnnConvolutionFwdAlgoPerf()};
        print("cudnnGetConvolutionForwardAlgorithm_v7", JCudnn.cudnnGetConvolutionForwardAlgorithm_v7(dnn,
                new cudnnTensorDescriptor(), new cudnnFilterDescriptor(), new cudnnConvolutionDescriptor(),
                new cudnnTensorDescriptor(), 2, returned, perf));
        print("cudnnGetConvolutionForwardAlgorithm_v7.returned", returned[0]);
        print("cudnnGetConvolutionForwardAlgorithm_v7.perf0", perf[0].algo + "/" + perf[0].status + "/" + perf[0].memory);
        print("cudnnGetConvolutionForwardAlgorithm_v7.perf1", perf[1].algo + "/" + perf[1].status);
    }

    private static void print(String name, Object value) {
        System.out.println(name + "=" + value);
    }
}
