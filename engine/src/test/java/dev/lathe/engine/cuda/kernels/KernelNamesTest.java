package dev.lathe.engine.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every kernel the wrappers can launch has an entry in its PTX module (the lathe-native jar's resources). */
class KernelNamesTest {

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)");

    @Test
    void everyListedKernelIsInItsPtxModule() throws IOException {
        Map<String, Set<String>> entries = new TreeMap<>();
        List<String> missingModules = new ArrayList<>();
        for (Kernel kernel : KernelNames.all()) {
            if (!entries.containsKey(kernel.family())) {
                Set<String> names = readEntries(kernel.family());
                if (names == null) {
                    missingModules.add(kernel.family());
                    names = Set.of();
                }
                entries.put(kernel.family(), names);
            }
        }
        if (missingModules.size() == entries.size()) {
            System.out.println("[KernelNamesTest] skipped: the classpath holds no PTX (dev/lathe/native/ptx/*.ptx): "
                    + "lathe-native was built with -Dlathe.skipKernels=true or without nvcc");
            assumeTrue(false, "no PTX was built");
        }
        assertEquals(List.of(), missingModules, "PTX modules missing while others were built");
        List<String> missing = new ArrayList<>();
        for (Kernel kernel : KernelNames.all()) {
            if (!entries.get(kernel.family()).contains(kernel.name())) {
                missing.add(kernel.toString());
            }
        }
        assertEquals(List.of(), missing, "kernels the wrappers launch but no PTX module defines");
        System.out.println("[KernelNamesTest] " + KernelNames.all().size() + " kernels found in " + entries.keySet());
    }

    @Test
    void namesAreUnique() {
        List<Kernel> all = KernelNames.all();
        assertEquals(all.size(), new HashSet<>(all).size());
    }

    @Test
    void f64HasNoKernels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelNames.binary(dev.lathe.engine.backend.BinaryOp.ADD, DType.F64));
        assertTrue(e.getMessage().contains("F64 stays on the CPU backend"), e.getMessage());
    }

    /** The .entry names of one module, or null where the jar holds no such module. */
    private static Set<String> readEntries(String family) throws IOException {
        try (InputStream in = KernelNamesTest.class.getClassLoader().getResourceAsStream("dev/lathe/native/ptx/" + family + ".ptx")) {
            if (in == null) {
                return null;
            }
            Matcher m = ENTRY.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Set<String> names = new HashSet<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }
}
