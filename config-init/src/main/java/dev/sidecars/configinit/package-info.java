/**
 * The config-init image, an init container: merges base files, variables and secret files into the one
 * config file a legacy app reads, renders templates, writes atomically; can wait for dependencies.
 *
 * <p>Start with {@code ConfigInitMain} and {@code ConfigInitConfig} (every variable), then
 * {@code ConfigInit}, one run: {@code WaitFor}, then {@code Inputs} (the files, read by
 * {@code TreeCodec}, {@code PropertiesCodec}, {@code IniCodec}; placeholders by {@code Placeholders}),
 * the pure merge ({@code ConfigMerger} with {@code Merge} and {@code KeyOverride}), and
 * {@code AtomicWriter}. {@code Templates} renders text files with the same placeholder rules.
 */
package dev.sidecars.configinit;
