/*
 * native-image links the JDK's libraries statically and calls JNI_OnLoad_<name> for each at start-up. Where only the
 * JDK's shared libraries exist, the image links lib<name>.so instead, and this stub, compiled once per library with
 * -DLIB=<name>, forwards that call to the shared library's own JNI_OnLoad.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <jni.h>

#define JOIN_(a, b) a##b
#define JOIN(a, b) JOIN_(a, b)
#define TEXT_(a) #a
#define TEXT(a) TEXT_(a)

JNIEXPORT jint JNICALL JOIN(JNI_OnLoad_, LIB)(JavaVM *vm, void *reserved) {
    void *handle = dlopen("lib" TEXT(LIB) ".so", RTLD_NOW | RTLD_NOLOAD);
    if (handle == NULL) {
        fprintf(stderr, "lib%s.so is not loaded: %s\n", TEXT(LIB), dlerror());
        return JNI_VERSION_1_8;
    }
    jint (*on_load)(JavaVM *, void *) = (jint (*)(JavaVM *, void *)) dlsym(handle, "JNI_OnLoad");
    jint version = on_load != NULL ? on_load(vm, reserved) : JNI_VERSION_1_8;
    /* A built-in library must answer at least 1.8; the shared ones answer older versions. */
    return version > 0 && version < JNI_VERSION_1_8 ? JNI_VERSION_1_8 : version;
}
