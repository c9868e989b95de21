#!/usr/bin/env bash
# check_layers.sh: fails when a layer reaches past its place (engine <- app <- ui <- platform, engine <- cli).
# The build's per-target include roots already stop most of it; this also catches platform macros and
# relative includes that an include path cannot see.
set -u
src="$1/src"
fail=0
check() {  # check <layer> <regex> <why>
  local hits
  hits=$(grep -rnE "$2" "$src/$1" --include='*.h' --include='*.cpp' --include='*.in' || true)
  if [ -n "$hits" ]; then
    printf 'layering: %s must not %s:\n%s\n' "$1" "$3" "$hits"
    fail=1
  fi
}
platform_re='__EMSCRIPTEN__|emscripten|EM_JS|EM_ASM|GLFW|glfw'
check engine "$platform_re" "use platform code"
check app "$platform_re" "use platform code"
check ui "$platform_re" "use platform code"
check cli "$platform_re" "use platform code"
check engine 'include.*(imgui|"app/|"ui/|"platform/|"cli/|\.\./)' "include UI, app, platform or cli headers"
check app 'include.*(imgui|"ui/|"platform/|"cli/|\.\./)' "include UI, platform or cli headers"
check ui 'include.*("platform/|"cli/|\.\./)' "include platform or cli headers"
check cli 'include.*(imgui|"app/|"ui/|"platform/|\.\./)' "include app, UI or platform headers"
[ $fail = 0 ] && echo "layering: ok (engine, app, ui, cli checked)"
exit $fail
