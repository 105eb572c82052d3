package dev.lathe.engine;

/**
 * Input the user supplied — a file, a model spec, a dataset — is malformed or inconsistent. The
 * message names where (file, JSON path, tensor name) and why; the command line reports it as bad
 * input (exit code 2), apart from runtime failures (exit code 1).
 */
public class InvalidInputException extends IllegalArgumentException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
