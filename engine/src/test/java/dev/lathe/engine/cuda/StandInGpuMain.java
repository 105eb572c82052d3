package dev.lathe.engine.cuda;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.Arrays;

/**
 * Runs in a JVM started by {@link StandInGpuTest} with the stand-in libcuda / libcublas / libcudnn
 * on LD_LIBRARY_PATH: opens the CUDA backend through JCuda's real natives and checks transfers,
 * cuBLAS products and cuDNN convolutions against the CPU backend. "open" only prints what opening
 * cuda:0 gives. Any failure ends the JVM with a stack trace and exit code 1.
 */
public final class StandInGpuMain {

    private static final Device GPU = Device.cuda(0);

    private StandInGpuMain() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("open")) {
            try {
                Backends.of(GPU);
                System.out.println("opened " + GPU);
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
            return;
        }
        CudaBackend gpu = (CudaBackend) Backends.of(GPU);
        System.out.println(gpu.describe());
        check("out of range", message(() -> Backends.of(Device.cuda(1))),
                "cuda:1 is not available: device index 1 is out of range: this machine has 1 GPU (cuda:0)");
        try (MemoryScope scope = MemoryScope.open()) {
            transfers(gpu);
            products(gpu);
            convolutions(gpu);
            check("f64", message(() -> Tensors.of(new double[] {1, 2}, 2).to(GPU)),
                    "fromArray of [2] f64: cuda:0 holds f32 and i32 tensors only (f64 is CPU-only, for gradient checks);"
                            + " convert with .to(DType.F32) first");
            Tensor onCpu = Tensors.of(new float[] {1, 2}, 1, 2);
            check("mixed devices", message(() -> gpu.matmul(onCpu.to(GPU), onCpu.transpose(0, 1))),
                    "matmul: operands are on different devices (this op runs on cuda:0): [1, 2] f32 on cuda:0 and [2, 1] f32 on cpu"
                            + " (move them with .to(device))");
        }
        check("all device memory handed back", gpu.memoryStats().inUseBytes(), 0L);
        System.out.println("cached " + gpu.memoryStats().cachedBytes() + ", released " + gpu.releaseCachedMemory());
        System.out.println("stand-in GPU checks passed");
    }

    private static void transfers(CudaBackend gpu) {
        Tensor x = random(new Generator(1), 5, 7);
        Tensor onGpu = x.to(GPU);
        check("device", onGpu.device(), GPU);
        check("round trip", onGpu.toFloatArray(), x.toFloatArray());
        check("back to the CPU", onGpu.to(Device.CPU).toFloatArray(), x.toFloatArray());
        check("rows 2..3 (a view with an offset)", onGpu.narrow(0, 2, 2).toFloatArray(), x.narrow(0, 2, 2).toFloatArray());
        check("as doubles", onGpu.toDoubleArray(), x.toDoubleArray());
        Tensor ints = Tensors.of(new int[] {3, -1, 7}, 3).to(GPU);
        check("ints", ints.toIntArray(), new int[] {3, -1, 7});
        check("ints as doubles", ints.toDoubleArray(), new double[] {3, -1, 7});
        Tensor filled = gpu.empty(DType.F32, 2, 3);
        gpu.fill(filled, -1.5);
        check("fill f32", filled.toFloatArray(), new float[] {-1.5f, -1.5f, -1.5f, -1.5f, -1.5f, -1.5f});
        Tensor filledInts = gpu.empty(DType.I32, 4);
        gpu.fill(filledInts, 9);
        check("fill i32", filledInts.toIntArray(), new int[] {9, 9, 9, 9});
        Tensor copy = gpu.empty(DType.F32, 5, 7);
        gpu.copy(onGpu, copy);
        check("copy", copy.toFloatArray(), x.toFloatArray());
        check("empty tensor", gpu.fromArray(new float[0], 0, 3).toFloatArray(), new float[0]);
    }

    private static void products(CudaBackend gpu) {
        Generator g = new Generator(2);
        Backend cpu = Backends.cpu();
        Tensor a = random(g, 3, 40, 24);
        Tensor b = random(g, 33, 40);
        Tensor ga = a.to(GPU);
        Tensor gb = b.to(GPU);
        check("matmul, both transposed, batched", gpu.matmul(ga.transpose(1, 2), gb.transpose(0, 1)).toFloatArray(),
                cpu.matmul(a.transpose(1, 2), b.transpose(0, 1)).toFloatArray());
        check("matmul, batch broadcast", gpu.matmul(ga, gb.narrow(0, 0, 24)).toFloatArray(), cpu.matmul(a, b.narrow(0, 0, 24)).toFloatArray());
        check("matmul, narrowed columns", gpu.matmul(gb.narrow(1, 3, 20), ga.narrow(1, 0, 20)).toFloatArray(),
                cpu.matmul(b.narrow(1, 3, 20), a.narrow(1, 0, 20)).toFloatArray());
        Tensor c = random(g, 40, 5);
        check("matmul, only the left transposed", gpu.matmul(ga.transpose(1, 2), c.to(GPU)).toFloatArray(),
                cpu.matmul(a.transpose(1, 2), c).toFloatArray());
        Tensor d = random(g, 24, 40);
        check("matmul, only the right transposed", gpu.matmul(gb, d.to(GPU).transpose(0, 1)).toFloatArray(),
                cpu.matmul(b, d.transpose(0, 1)).toFloatArray());
        Tensor row = random(g, 1, 33);
        check("matmul, a row", gpu.matmul(row.to(GPU), gb).toFloatArray(), cpu.matmul(row, b).toFloatArray());
        check("matmul, k = 0", gpu.matmul(gpu.empty(DType.F32, 2, 0), gpu.empty(DType.F32, 0, 3)).toFloatArray(), new float[6]);
    }

    private static void convolutions(CudaBackend gpu) {
        Generator g = new Generator(3);
        Backend cpu = Backends.cpu();
        for (Conv2dParams p : new Conv2dParams[] {new Conv2dParams(2, 1, 1, 1, 1, 2, 2), Conv2dParams.of(1, 0),
            new Conv2dParams(1, 2, 0, 2, 2, 1, 1)}) {
            Tensor x = random(g, 3, 4, 11, 9);
            Tensor w = random(g, 6, 4 / p.groups(), 3, 3);
            Tensor y = cpu.conv2d(x, w, p);
            Tensor gx = x.to(GPU);
            Tensor gw = w.to(GPU);
            check("conv2d " + p, gpu.conv2d(gx, gw, p).toFloatArray(), y.toFloatArray());
            check("conv2d again (cached plan) " + p, gpu.conv2d(gx, gw, p).toFloatArray(), y.toFloatArray());
            Tensor dy = random(g, y.shape());
            check("conv2d backward data " + p, gpu.conv2dBackwardData(dy.to(GPU), gw, x.shape(), p).toFloatArray(),
                    cpu.conv2dBackwardData(dy, w, x.shape(), p).toFloatArray());
            check("conv2d backward filter " + p, gpu.conv2dBackwardFilter(gx, dy.to(GPU), w.shape(), p).toFloatArray(),
                    cpu.conv2dBackwardFilter(x, dy, w.shape(), p).toFloatArray());
        }
    }

    /** Small integers: every product and sum is exact in float, on both backends, in any order. */
    private static Tensor random(Generator g, int... shape) {
        float[] values = new float[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.round(g.nextGaussian() * 3);
        }
        return Tensors.of(values, shape);
    }

    private static String message(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private static void check(String what, Object actual, Object expected) {
        boolean same = actual instanceof float[] f ? Arrays.equals(f, (float[]) expected)
                : actual instanceof double[] d ? Arrays.equals(d, (double[]) expected)
                : actual instanceof int[] i ? Arrays.equals(i, (int[]) expected)
                : actual.equals(expected);
        if (!same) {
            throw new AssertionError(what + ": got " + text(actual) + ", expected " + text(expected));
        }
        System.out.println("ok " + what);
    }

    private static String text(Object value) {
        return value instanceof float[] f ? Arrays.toString(f) : value instanceof double[] d ? Arrays.toString(d)
                : value instanceof int[] i ? Arrays.toString(i) : String.valueOf(value);
    }
}
