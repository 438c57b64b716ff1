package io.ainfinity.task;

import java.util.List;
import java.util.Set;

/**
 * Environment variables a job may not set: those a shell, the dynamic loader or an interpreter acts on as it starts.
 * A task's setup and run are bash scripts running Python, so {@code BASH_ENV=$(…)} or {@code LD_PRELOAD} would run
 * code before the first line of the template, whatever the template says.
 */
final class EnvRules {

    private static final Set<String> NAMES = Set.of(
            // bash and sh
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PS1",
            "PS2",
            "PS3",
            "PS4",
            "PROMPT_COMMAND",
            "CDPATH",
            "GLOBIGNORE",
            "IFS",
            "PATH",
            "SHELL",
            "HOME",
            "EXECIGNORE",
            "INPUTRC",
            // the C library: resolver and charset modules
            "HOSTALIASES",
            "LOCALDOMAIN",
            "RES_OPTIONS",
            "GCONV_PATH",
            "NLSPATH",
            // interpreters and runtimes
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONSTARTUP",
            "PYTHONINSPECT",
            "PYTHONBREAKPOINT",
            "PYTHONWARNINGS",
            "PYTHONEXECUTABLE",
            "PYTHONUSERBASE",
            "PYTHONPLATLIBDIR",
            "PYTHONSAFEPATH",
            "PYTHONNOUSERSITE",
            "PERL5OPT",
            "PERL5LIB",
            "PERLLIB",
            "RUBYOPT",
            "RUBYLIB",
            "NODE_OPTIONS",
            "NODE_PATH",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            // tools a script may call, which run what these name
            "EDITOR",
            "VISUAL",
            "PAGER",
            "BROWSER",
            "GIT_SSH",
            "GIT_SSH_COMMAND",
            "GIT_EXEC_PATH",
            "GIT_CONFIG");

    /** Prefixes of whole families: the dynamic loader's, functions exported into bash, git's config overrides. */
    private static final List<String> PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_", "GIT_CONFIG_");

    private EnvRules() {}

    static boolean controlsStartUp(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }
}
