/**
 * Recipes for the public data sets the example models train on: each finds the raw files a
 * Debian package installs, says how to install them, and turns them into the generic in-memory
 * forms ({@link dev.lathe.train.data.ArrayDataset}, {@link dev.lathe.train.data.TextCorpus}) with
 * fixed, seeded training and test parts. {@link dev.lathe.train.recipes.DatasetRecipes} lists them.
 */
package dev.lathe.train.recipes;
