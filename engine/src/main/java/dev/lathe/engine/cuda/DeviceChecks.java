package dev.lathe.engine.cuda;

import dev.lathe.engine.Device;
import dev.lathe.engine.Tensor;
import java.util.StringJoiner;

/** The message of an op whose operands are not all on the backend's device. */
final class DeviceChecks {

    private DeviceChecks() {
    }

    /** E.g. "matmul: operands are on different devices: [2, 3] f32 on cuda:0 and [3, 4] f32 on cpu (move them with .to(device))". */
    static String mixedDevices(String op, Device backend, Tensor... operands) {
        StringJoiner described = new StringJoiner(" and ");
        for (Tensor t : operands) {
            described.add(t.describe());
        }
        return op + ": operands are on different devices (this op runs on " + backend + "): " + described
                + " (move them with .to(device))";
    }
}
