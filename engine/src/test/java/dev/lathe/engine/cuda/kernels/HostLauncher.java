package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.cuda.CudaStorage;
import dev.lathe.engine.cuda.KernelLauncher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * A KernelLauncher that runs each launched kernel's own source on the host: "device" tensors are
 * byte arrays here, and every launch hands the kernel name, the buffers it touches and its parameters,
 * exactly as marshalled for the GPU, to native/src/test/host/kernel_host_runner.cpp (compiled with g++
 * on first use), which calls the kernel as a one-thread function and writes the buffers back.
 */
final class HostLauncher implements KernelLauncher {

    private static final Path SOURCE = Path.of("..", "native", "src", "test", "host", "kernel_host_runner.cpp");
    private static final Path KERNELS = Path.of("..", "native", "src", "main", "cuda");
    private static final Path WORK = Path.of("target", "kernel-host-runner");
    private static Path runner;

    private final Map<CudaStorage, byte[]> memory = new IdentityHashMap<>();
    private final Tensor errorWord = zeros(DType.I32, DeviceErrors.WORDS);

    /** Null where no g++ is on the PATH; the runner binary otherwise (a compile error fails the test). */
    static synchronized Path runner() throws IOException, InterruptedException {
        if (runner == null && onPath("g++")) {
            Files.createDirectories(WORK);
            Path binary = WORK.resolve("kernel_host_runner");
            run(List.of("g++", "-std=c++17", "-O1", "-pthread", "-Wno-unknown-pragmas", "-I" + SOURCE.getParent(), "-I" + KERNELS,
                    SOURCE.toString(), "-o", binary.toString()));
            runner = binary;
        }
        return runner;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    @Override
    public Tensor empty(DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        CudaStorage s = new CudaStorage(Device.cuda(0), dtype, n, new CUdeviceptr(), (long) n * dtype.byteSize(), memory::remove);
        byte[] bytes = new byte[n * dtype.byteSize()];
        Arrays.fill(bytes, (byte) 0xff); // NaN or -1 where a kernel forgets to write
        memory.put(s, bytes);
        return Tensor.wrap(s, shape);
    }

    private Tensor zeros(DType dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        Arrays.fill(memory.get(CudaStorage.of(t)), (byte) 0);
        return t;
    }

    @Override
    public Tensor errorWord() {
        return errorWord;
    }

    int[] errorWords() {
        return toHost(errorWord).toIntArray();
    }

    /** A device copy of a CPU tensor (F32 or I32), contiguous. */
    Tensor upload(Tensor cpu) {
        Tensor t = empty(cpu.dtype(), cpu.shape());
        ByteBuffer b = ByteBuffer.wrap(memory.get(CudaStorage.of(t))).order(ByteOrder.LITTLE_ENDIAN);
        if (cpu.dtype() == DType.I32) {
            b.asIntBuffer().put(cpu.toIntArray());
        } else {
            b.asFloatBuffer().put(cpu.toFloatArray());
        }
        return t;
    }

    /** A contiguous CPU copy of a device tensor, read through its strides and offset. */
    Tensor toHost(Tensor t) {
        ByteBuffer b = ByteBuffer.wrap(memory.get(CudaStorage.of(t))).order(ByteOrder.LITTLE_ENDIAN);
        int n = t.numel();
        int[] shape = t.shape();
        int[] strides = t.strides();
        float[] f = new float[n];
        int[] i = new int[n];
        for (int e = 0; e < n; e++) {
            int at = t.offset();
            for (int d = shape.length - 1, rest = e; d >= 0; d--) {
                at += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            if (t.dtype() == DType.I32) {
                i[e] = b.getInt(4 * at);
            } else {
                f[e] = b.getFloat(4 * at);
            }
        }
        return t.dtype() == DType.I32 ? Tensors.of(i, shape) : Tensors.of(f, shape);
    }

    @Override
    public void launch(String family, String kernel, long n, Pointer... args) {
        try {
            call(kernel, 1, args);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one block of blockX threads, whatever gridX: the block-per-output kernels loop over all outputs. */
    @Override
    public void launch(String family, String kernel, int gridX, int blockX, int sharedBytes, Pointer... args) {
        try {
            call(kernel, blockX, args);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a kernel by name with raw parameters (e.g. philox4x32_10, which no wrapper launches) on {@code threads} threads of one block. */
    void call(String kernel, int threads, Pointer... args) throws IOException, InterruptedException {
        List<CudaStorage> buffers = new ArrayList<>();
        ByteBuffer params = ByteBuffer.allocate(64 + args.length * (8 + LayoutStruct.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        params.putInt(args.length);
        for (Pointer p : args) {
            Object v = ((KernelArg) p).value();
            if (v == null) {
                params.putInt(6);
            } else if (v instanceof Tensor t) {
                CudaStorage s = CudaStorage.of(t);
                if (!buffers.contains(s)) {
                    buffers.add(s);
                }
                params.putInt(0).putInt(buffers.indexOf(s)).putLong((long) t.offset() * t.dtype().byteSize());
            } else if (v instanceof Integer x) {
                params.putInt(1).putInt(x);
            } else if (v instanceof Long x) {
                params.putInt(2).putLong(x);
            } else if (v instanceof Float x) {
                params.putInt(3).putFloat(x);
            } else if (v instanceof Double x) {
                params.putInt(4).putDouble(x);
            } else {
                params.putInt(5).put(((LayoutStruct) v).bytes());
            }
        }
        byte[] name = kernel.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long total = 0;
        for (CudaStorage s : buffers) {
            total += memory.get(s).length;
        }
        ByteBuffer request = ByteBuffer.allocate((int) (12 + name.length + 8 * buffers.size() + total + params.position()))
                .order(ByteOrder.LITTLE_ENDIAN);
        request.putInt(name.length).put(name).putInt(threads).putInt(buffers.size());
        for (CudaStorage s : buffers) {
            request.putLong(memory.get(s).length).put(memory.get(s));
        }
        request.put(params.array(), 0, params.position());
        Path in = Files.createTempFile(Files.createDirectories(WORK), "request", ".bin");
        Path out = Files.createTempFile(WORK, "response", ".bin");
        try {
            Files.write(in, request.array());
            run(List.of(runner().toString(), in.toString(), out.toString()));
            ByteBuffer response = ByteBuffer.wrap(Files.readAllBytes(out));
            for (CudaStorage s : buffers) {
                response.get(memory.get(s));
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
