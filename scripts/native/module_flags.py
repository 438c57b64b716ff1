"""Writes the module flags the assembled native-image needs, as mx would when it builds GraalVM.

usage: module_flags.py SUITES_DIR GRAAL_PACKAGES JVMCI_PACKAGES OUT_DIR

- graal-compiler-flags-{21,25}.config (read by the driver): every package the GraalVM suites reach into
  (requiresConcealed), exported to every builder module. A superset of what mx writes, which is harmless.
- compile-exports.args: what compiling the driver and library-support against the compiler and JVMCI needs.
"""
import os
import sys

suites_dir, graal_packages, jvmci_packages, out = sys.argv[1:5]
builder_modules = ",".join(sorted([
    "jdk.graal.compiler", "org.graalvm.nativeimage.builder", "org.graalvm.nativeimage.pointsto",
    "org.graalvm.nativeimage.base", "org.graalvm.nativeimage.objectfile", "org.graalvm.nativeimage.configure",
    "org.graalvm.truffle.compiler", "org.graalvm.nativeimage.libgraal", "org.graalvm.espresso.shared.svm"]))

concealed = set()
for suite_file in sorted(os.listdir(suites_dir)):
    scope = {}
    exec(open(os.path.join(suites_dir, suite_file)).read(), scope)
    suite = scope["suite"]
    for section in ("projects", "distributions"):
        for entry in suite.get(section, {}).values():
            wanted = entry.get("requiresConcealed") or entry.get("moduleInfo", {}).get("requiresConcealed") or {}
            concealed.update((module, package) for module, packages in wanted.items() for package in packages)

flags = "\n".join(sorted(f"--add-exports={m}/{p}={builder_modules}" for m, p in concealed))
for version in ("21", "25"):
    with open(os.path.join(out, f"graal-compiler-flags-{version}.config"), "w") as f:
        f.write(flags)
with open(os.path.join(out, "graal-compiler-flags-versions.config"), "w") as f:
    f.write("21\n25")

readers = "org.graalvm.nativeimage.librarysupport,org.graalvm.nativeimage.driver"
with open(os.path.join(out, "compile-exports.args"), "w") as f:
    for module, listing in (("jdk.graal.compiler", graal_packages), ("jdk.internal.vm.ci", jvmci_packages)):
        for package in open(listing).read().split():
            f.write(f"--add-exports={module}/{package}={readers}\n")
    for reader in readers.split(","):
        f.write(f"--add-reads={reader}=jdk.internal.vm.ci\n")
print(f"{len(concealed)} concealed packages exported to the builder", file=sys.stderr)
