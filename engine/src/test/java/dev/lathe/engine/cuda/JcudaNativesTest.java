package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;

/**
 * Each JCuda binding finds its native library where it looks: "/lib/" + the platform name of
 * "&lt;binding&gt;-&lt;JCuda version&gt;". JCudnn 11.7.0 asks for JCuda's version (12.6.0), so the
 * engine build carries its native under that name.
 */
class JcudaNativesTest {

    @Test
    void everyBindingsNativeIsOnTheClassPathUnderTheNameItLoads() {
        for (String binding : new String[] {"JCudaDriver", "JCublas2", "JCudnn"}) {
            String file = "/lib/" + LibUtils.createLibraryFileName(LibUtils.createPlatformLibraryName(binding + "-" + JCudaVersion.get()));
            assertNotNull(LibUtils.class.getResource(file), binding + " loads " + file + ", which is not on the class path");
        }
    }
}
