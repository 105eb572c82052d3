package dev.lathe.layers.spec;

import dev.lathe.engine.InvalidInputException;

/** A model spec that cannot be read or built: the message names the file, the JSON path and the reason. */
public final class SpecException extends InvalidInputException {

    private final String jsonPath;

    public SpecException(String source, String jsonPath, String reason) {
        super(source + ": " + jsonPath + ": " + reason);
        this.jsonPath = jsonPath;
    }

    /** Where in the document, e.g. {@code $.layers[2].units}. */
    public String jsonPath() {
        return jsonPath;
    }
}
