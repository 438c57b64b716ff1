#!/usr/bin/env bash
# Assembles a native-image toolchain where no GraalVM or Mandrel package can be had: GraalVM CE 25.0.2's builder
# jars from Maven Central, and the parts that are not published there (SubstrateVM's C libraries, the native-image
# driver, library-support) compiled from the graalvm-community-jdk25u sources at tag vm-25.0.2, laid out on a copy
# of Temurin 25. Quarkus takes it for Mandrel 25.0.2. docs/NATIVE.md describes it and its limits.
#
#   GRAAL_MIRROR=<git dir holding graalvm-community-jdk25u> scripts/native-toolchain.sh
#
# It installs outside the repository, in $AINFINITY_NATIVE_HOME (default ~/.cache/ainfinity/native), and prints
# GRAALVM_HOME=<path> last. A toolchain already assembled from the same inputs is reused (seconds); GRAAL_MIRROR is
# needed only to assemble. NATIVE_JDK names the Temurin 25 to build on.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=vm-25.0.2
jdk=${NATIVE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
home=${AINFINITY_NATIVE_HOME:-$HOME/.cache/ainfinity/native}
graal="$home/graalvm-25.0.2"
work="$home/work"

log() { echo "[native-toolchain] $*" >&2; }
die() { log "error: $*"; exit 1; }

# What the toolchain is made from; a change to any of it assembles it again.
inputs=$(cat "$0" "$here"/native/* "$jdk/release" | sha256sum | cut -c1-16)-$tag
if [[ -x $graal/bin/native-image && $(cat "$graal/.assembled" 2>/dev/null) == "$inputs" ]]; then
  log "up to date ($inputs)"
  echo "GRAALVM_HOME=$graal"
  exit 0
fi

[[ -x $jdk/bin/java ]] || die "no JDK at $jdk (set NATIVE_JDK to a Temurin 25)"
grep -q '^JAVA_VERSION="25' "$jdk/release" || die "$jdk is not a JDK 25"
mirror=${GRAAL_MIRROR:?set GRAAL_MIRROR to a git dir holding graalvm/graalvm-community-jdk25u (tag $tag)}
git --git-dir="$mirror" rev-parse -q --verify "$tag^{commit}" > /dev/null || die "$mirror has no tag $tag"
for tool in gcc g++ ar readelf python3 unzip; do command -v $tool > /dev/null || die "$tool is missing"; done
[[ -f /usr/include/zlib.h ]] || die "zlib headers are missing (apt-get install zlib1g-dev)"
start=$SECONDS

log "1/6 sources of $tag"
rm -rf "$work" "$graal"
mkdir -p "$work/src" "$work/suites"
svm=substratevm/src
# The snapshot may lack blobs outside these folders; git archive then complains after writing what was asked for.
git --git-dir="$mirror" archive "$tag" $svm/com.oracle.svm.native.libchelper $svm/com.oracle.svm.native.jvm.posix \
  $svm/com.oracle.svm.native.libcontainer $svm/com.oracle.svm.native.reporterchelper $svm/com.oracle.svm.libffi/include \
  truffle/src/com.oracle.truffle.nfi.native/include $svm/com.oracle.svm.driver $svm/com.oracle.svm.driver.launcher \
  $svm/com.oracle.svm.polyglot $svm/com.oracle.svm.thirdparty > "$work/src.tar" 2> "$work/archive.log" || true
tar -xf "$work/src.tar" -C "$work/src"
src="$work/src/$svm"
[[ -f $src/com.oracle.svm.native.jvm.posix/src/JvmFuncs.c && -d $src/com.oracle.svm.driver/src ]] ||
  die "sources missing from $mirror: $(cat "$work/archive.log")"
for suite in substratevm compiler sdk truffle espresso-shared; do
  git --git-dir="$mirror" show "$tag:$suite/mx.$suite/suite.py" > "$work/suites/$suite.py"
done

log "2/6 builder jars from Maven Central"
"$here/../mvnw" -q -B -f "$here/native/builder-jars.pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$work/jars" -Dmdep.stripVersion=true
cp -a "$jdk" "$graal"
mkdir -p "$graal/lib/jvmci" "$graal/lib/svm/builder/lib" "$graal/lib/svm/bin" "$graal/lib/truffle" "$graal/lib/graalvm"
cp "$work/jars/compiler.jar" "$graal/lib/jvmci/graal.jar"
for jar in nativeimage word collections nativeimage-libgraal; do cp "$work/jars/$jar.jar" "$graal/lib/jvmci/"; done
for jar in svm native-image-base pointsto objectfile svm-capnproto-runtime svm-configure espresso-svm; do
  cp "$work/jars/$jar.jar" "$graal/lib/svm/builder/"
done
cp "$work/jars/truffle-compiler.jar" "$graal/lib/truffle/"

log "3/6 SubstrateVM C libraries"
clib="$graal/lib/svm/clibraries/linux-amd64"
mkdir -p "$clib/include" "$clib/glibc" "$work/o/chelper" "$work/o/jvm" "$work/o/container"
cflags=(-O2 -g -fPIC -ffunction-sections -fdata-sections -fvisibility=hidden -D_FORTIFY_SOURCE=0)
jni=(-I"$graal/include" -I"$graal/include/linux")
for c in "$src"/com.oracle.svm.native.libchelper/src/*.c; do
  gcc "${cflags[@]}" -D_LITTLE_ENDIAN -I"$src/com.oracle.svm.native.libchelper/include" -c "$c" \
    -o "$work/o/chelper/$(basename "$c" .c).o"
done
ar rcs "$clib/glibc/liblibchelper.a" "$work/o/chelper"/*.o
# libjvm.a: SubstrateVM's JVM_* functions, plus a stub that aborts for every other JVM_* the JDK libraries import.
jvm_funcs="$src/com.oracle.svm.native.jvm.posix/src/JvmFuncs.c"
defined=$(grep -o 'JNICALL *JVM_[A-Za-z0-9_]*' "$jvm_funcs" | awk '{print $2}' | sort -u)
imported=$(for so in "$graal"/lib/lib*.so; do
  nm -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' | grep '^JVM_' || true
done | sort -u)
for name in $(comm -23 <(echo "$imported") <(echo "$defined")); do
  printf 'JNIEXPORT void JNICALL %s(void) { fputs("%s is not supported\\n", stderr); abort(); }\n' "$name" "$name"
done | cat <(printf '#include <stdio.h>\n#include <stdlib.h>\n#include <jni.h>\n') - > "$work/o/jvm/missing.c"
for c in "$jvm_funcs" "$work/o/jvm/missing.c"; do
  gcc "${cflags[@]}" -D_GNU_SOURCE -w "${jni[@]}" -c "$c" -o "$work/o/jvm/$(basename "$c" .c).o"
done
ar rcs "$clib/glibc/libjvm.a" "$work/o/jvm"/*.o
# libsvm_container: HotSpot's cgroup code, C++.
container="$src/com.oracle.svm.native.libcontainer/src"
n=0
while read -r cpp; do
  n=$((n + 1))
  g++ -O2 -fPIC -fno-rtti -fno-exceptions -fvisibility=hidden -std=c++14 -DNATIVE_IMAGE -DLINUX \
    -DINCLUDE_SUFFIX_COMPILER=_gcc -D__STDC_FORMAT_MACROS -D__STDC_LIMIT_MACROS -D__STDC_CONSTANT_MACROS \
    -I"$container/java.base/share/native/include" -I"$container/java.base/unix/native/include" -I"$container/hotspot" \
    -I"$container/hotspot/share" -I"$container/hotspot/os/linux" -I"$container/hotspot/os/posix" \
    -I"$container/hotspot/os/posix/include" -I"$container/svm" -I"$container/svm/share" \
    -c "$cpp" -o "$work/o/container/$n.o"
done < <(find "$container" -name '*.cpp')
ar rcs "$clib/glibc/libsvm_container.a" "$work/o/container"/*.o
gcc -O2 -fPIC -shared "${jni[@]}" "$src"/com.oracle.svm.native.reporterchelper/src/*.c \
  -o "$graal/lib/svm/builder/lib/libreporterchelper.so"
cp "$src"/com.oracle.svm.native.libchelper/include/{amd64cpufeatures.h,aarch64cpufeatures.h,riscv64cpufeatures.h,svm_locale.h} \
  "$src/com.oracle.svm.libffi/include/svm_libffi.h" "$work/src/truffle/src/com.oracle.truffle.nfi.native/include/trufflenfi.h" \
  "$clib/include/"

log "4/6 the JDK's libraries, shared in place of static"
# native-image links lib/static/linux-amd64/glibc/lib<x>.a. Each becomes a linker script naming the JDK's
# lib<x>.so and a JNI_OnLoad_<x> forwarder; the images then load those .so files at run time (see bin/native-image).
shared="$graal/lib/svm/jdk-shared"
static="$graal/lib/static/linux-amd64/glibc"
mkdir -p "$shared" "$static"
# libjava.so and its kin import JVM_* from libjvm.so: SubstrateVM's own, as a shared object with the JDK's symbol version.
echo 'SUNWprivate_1.1 { global: JVM_*; jio_*; local: *; };' > "$work/o/jvm.map"
echo 'int svm_vm_is_static_binary_dyn = 0;' > "$work/o/jvm/flag.c"
gcc -O2 -fPIC -shared -D_GNU_SOURCE -D__svm_vm_is_static_binary=svm_vm_is_static_binary_dyn -w "${jni[@]}" \
  -Wl,-soname,libjvm.so -Wl,--version-script="$work/o/jvm.map" \
  "$jvm_funcs" "$work/o/jvm/missing.c" "$work/o/jvm/flag.c" -o "$shared/libjvm.so"
gcc -O2 -fPIC -c "$here/native/find_java_tz.c" -o "$shared/find_java_tz.o"
for lib in java nio net zip extnet prefs j2pkcs11 management management_ext jaas verify; do
  [[ -f $graal/lib/lib$lib.so ]] || continue
  cp "$graal/lib/lib$lib.so" "$shared/"
  gcc -O2 -fPIC "${jni[@]}" -DLIB="$lib" -c "$here/native/jni_onload.c" -o "$shared/onload_$lib.o"
  extra=
  [[ $lib == java ]] && extra=" $shared/find_java_tz.o"
  echo "INPUT($shared/lib$lib.so $shared/onload_$lib.o$extra)" > "$static/lib$lib.a"
done

log "5/6 library-support and the driver, compiled"
(cd "$work" && unzip -Z1 "$graal/lib/jvmci/graal.jar") | grep '\.class$' | grep -v module-info | xargs -n1 dirname |
  sort -u | tr / . > "$work/graal-packages"
"$graal/bin/java" --describe-module jdk.internal.vm.ci | sed -nE 's/^(qualified exports|contains) ([^ ]+).*/\2/p' |
  sort -u > "$work/jvmci-packages"
mkdir -p "$work/flags"
python3 "$here/native/module_flags.py" "$work/suites" "$work/graal-packages" "$work/jvmci-packages" "$work/flags"
builder_path=$(ls "$graal"/lib/jvmci/*.jar "$graal"/lib/svm/builder/*.jar "$graal"/lib/truffle/*.jar | grep -v /graal.jar | paste -sd:)
javac_args=(@"$work/flags/compile-exports.args" -nowarn -proc:none --upgrade-module-path "$graal/lib/jvmci/graal.jar")
# library-support, without the Scala feature (it does not compile against these jars).
ls_src="$work/library-support"
mkdir -p "$ls_src" "$work/classes/ls" "$work/classes/driver"
cp -r "$src"/com.oracle.svm.polyglot/src/. "$src"/com.oracle.svm.thirdparty/src/. "$ls_src/"
rm -rf "$ls_src/com/oracle/svm/polyglot/scala"
{
  echo 'module org.graalvm.nativeimage.librarysupport {'
  echo '  requires org.graalvm.nativeimage.builder; requires jdk.graal.compiler; requires org.graalvm.nativeimage;'
  echo '  requires jdk.internal.vm.ci; requires org.graalvm.nativeimage.pointsto;'
  (cd "$ls_src" && find . -mindepth 2 -name '*.java' -printf '%h\n' | sort -u | sed 's#^\./##; s#/#.#g; s#.*#  exports & to org.graalvm.nativeimage.builder;#')
  echo '}'
} > "$ls_src/module-info.java"
"$graal/bin/javac" "${javac_args[@]}" --module-path "$builder_path" -d "$work/classes/ls" $(find "$ls_src" -name '*.java')
(cd "$ls_src" && find . -type f ! -name '*.java' -exec cp --parents {} "$work/classes/ls/" \;)
sed -i 's/,com.oracle.svm.polyglot.scala.ScalaFeature//' \
  "$work/classes/ls/META-INF/native-image/com.oracle.svm/polyglot/native-image.properties"
"$graal/bin/jar" cf "$graal/lib/svm/library-support.jar" -C "$work/classes/ls" .
driver_src="$work/driver"
mkdir -p "$driver_src"
cp -r "$src"/com.oracle.svm.driver/src/. "$src"/com.oracle.svm.driver.launcher/src/. "$driver_src/"
cat > "$driver_src/module-info.java" <<'JAVA'
module org.graalvm.nativeimage.driver {
  requires org.graalvm.nativeimage.builder; requires org.graalvm.nativeimage.librarysupport; requires java.management;
  requires jdk.management; requires jdk.graal.compiler; requires org.graalvm.collections; requires jdk.jfr;
  requires org.graalvm.nativeimage.configure; requires jdk.internal.vm.ci; requires org.graalvm.nativeimage.base;
  requires org.graalvm.nativeimage;
  exports com.oracle.svm.driver; exports com.oracle.svm.driver.metainf; exports com.oracle.svm.driver.launcher;
  uses jdk.graal.compiler.options.OptionDescriptors;
}
JAVA
driver_exports=(java.base/jdk.internal.jimage jdk.jfr/jdk.jfr.internal java.base/jdk.internal.module java.base/jdk.internal.misc)
"$graal/bin/javac" "${javac_args[@]}" --module-path "$builder_path:$graal/lib/svm/library-support.jar" \
  $(printf -- '--add-exports=%s=org.graalvm.nativeimage.driver ' "${driver_exports[@]}") \
  -d "$work/classes/driver" $(find "$driver_src" -name '*.java')
cp -r "$src"/com.oracle.svm.driver/resources/. "$src"/com.oracle.svm.driver.launcher/resources/. "$work"/flags/graal-compiler-flags-*.config \
  "$work/classes/driver/"
"$graal/bin/jar" cf "$graal/lib/graalvm/svm-driver.jar" -C "$work/classes/driver" .

log "6/6 the native-image launcher"
{
  cat "$work/flags/compile-exports.args"
  printf -- '--add-exports=%s=org.graalvm.nativeimage.driver\n' "${driver_exports[@]}"
  cat "$work/flags/graal-compiler-flags-25.config"
  echo
} > "$graal/lib/svm/bin/driver-exports.args"
cp "$here/native/native-image" "$graal/lib/svm/bin/native-image"
ln -sf ../lib/svm/bin/native-image "$graal/bin/native-image"
"$graal/bin/native-image" --version >&2
rm -rf "$work"
echo "$inputs" > "$graal/.assembled"
log "assembled in $((SECONDS - start)) s"
echo "GRAALVM_HOME=$graal"
