package dev.lathe.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Owns every tensor created on this thread while it is open and closes them when it closes,
 * so one training step frees all its intermediates deterministically:
 *
 * <pre>{@code
 * try (MemoryScope step = MemoryScope.open()) {
 *     Tensor loss = model.forward(batch);
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 *
 * A tensor that must outlive the scope is handed on with {@link #keep(Tensor)}, to the
 * enclosing scope or, when there is none, to the caller.
 */
public final class MemoryScope implements AutoCloseable {

    private static final ThreadLocal<ArrayDeque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private MemoryScope() {
    }

    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope();
        STACK.get().push(scope);
        return scope;
    }

    static void register(Tensor tensor) {
        MemoryScope current = STACK.get().peek();
        if (current != null) {
            current.owned.add(tensor);
        }
    }

    /** Moves a tensor (and its gradient) out of whichever scope on this thread owns it, into the enclosing one. */
    public static Tensor keep(Tensor tensor) {
        ArrayDeque<MemoryScope> stack = STACK.get();
        MemoryScope owner = null;
        for (MemoryScope scope : stack) {
            if (scope.owned.remove(tensor)) {
                owner = scope;
                break;
            }
        }
        if (owner != null) {
            MemoryScope parent = null;
            boolean below = false;
            for (MemoryScope scope : stack) {
                if (below) {
                    parent = scope;
                    break;
                }
                below = scope == owner;
            }
            if (parent != null) {
                parent.owned.add(tensor);
            }
        }
        return tensor;
    }

    /** Removes a tensor from every scope on this thread: the caller now closes it. */
    public static Tensor detach(Tensor tensor) {
        for (MemoryScope scope : STACK.get()) {
            scope.owned.remove(tensor);
        }
        return tensor;
    }

    public int ownedCount() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a MemoryScope must be closed on the thread that opened it");
        }
        ArrayDeque<MemoryScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("MemoryScopes must be closed innermost first");
        }
        stack.pop();
        closed = true;
        List<Tensor> toClose = new ArrayList<>(owned);
        owned.clear();
        for (Tensor tensor : toClose) {
            tensor.close();
        }
    }
}
