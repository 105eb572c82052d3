package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.CudaStorage;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** A KernelLauncher that runs nothing: it hands out CUDA tensors without device memory and records every launch. */
final class RecordingLauncher implements KernelLauncher {

    /** One launch: n work items (grid-stride form), or gridX × blockX (explicit form, n = -1). */
    record Launch(String family, String kernel, long n, int gridX, int blockX, List<Object> args) {

        Object arg(int i) {
            return args.get(i);
        }

        LayoutStruct layout(int i) {
            return (LayoutStruct) args.get(i);
        }
    }

    final List<Launch> launches = new ArrayList<>();
    private final Tensor errorWord = empty(DType.I32, DeviceErrors.WORDS);

    @Override
    public void launch(String family, String kernel, long n, Pointer... args) {
        launches.add(new Launch(family, kernel, n, 0, 0, values(args)));
    }

    @Override
    public void launch(String family, String kernel, int gridX, int blockX, int sharedBytes, Pointer... args) {
        launches.add(new Launch(family, kernel, -1, gridX, blockX, values(args)));
    }

    @Override
    public Tensor empty(DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        CudaStorage s = new CudaStorage(Device.cuda(0), dtype, n, new CUdeviceptr(), (long) n * dtype.byteSize(), freed -> { });
        return Tensor.wrap(s, shape);
    }

    @Override
    public Tensor errorWord() {
        return errorWord;
    }

    Launch only() {
        if (launches.size() != 1) {
            throw new AssertionError("expected one launch, got " + launches);
        }
        return launches.get(0);
    }

    Launch last() {
        return launches.get(launches.size() - 1);
    }

    List<String> kernels() {
        return launches.stream().map(Launch::kernel).toList();
    }

    private static List<Object> values(Pointer[] args) {
        return Arrays.stream(args).map(a -> ((KernelArg) a).value()).toList();
    }
}
