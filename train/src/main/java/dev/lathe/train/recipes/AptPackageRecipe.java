package dev.lathe.train.recipes;

import java.util.List;

/**
 * What the recipes whose files come from one installable Debian package share: their name and
 * description, the package, and installing it with apt-get. Subclasses implement ArrayRecipe or
 * TextRecipe; these methods serve as that interface's.
 */
abstract class AptPackageRecipe {

    private final String name;
    private final String description;
    private final String debianPackage;

    AptPackageRecipe(String name, String description, String debianPackage) {
        this.name = name;
        this.description = description;
        this.debianPackage = debianPackage;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<String> debianPackages() {
        return List.of(debianPackage);
    }

    public String installCommand() {
        return Debian.aptInstallCommand(debianPackages());
    }

    /** Installs the package unless the files are there already. */
    public void install() {
        // every subclass is a DatasetRecipe, whose available() says whether the files are there
        if (!((DatasetRecipe) this).available()) {
            Debian.aptInstall(name, debianPackages());
        }
    }
}
