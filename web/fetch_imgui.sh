#!/usr/bin/env bash
# web/fetch_imgui.sh DIR: Dear ImGui 1.86 from Debian's `imgui` source package, unpacked in
# DIR/imgui-1.86. apt runs with a private sources list, lists and cache under DIR (its -o
# options), so the system's apt configuration is never read for sources nor changed.
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
[ -f "$dir/imgui-1.86/imgui.h" ] && exit 0
apt_dir=$dir/apt
mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
  > "$apt_dir/sources.list"
opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
apt-get "${opts[@]}" -q update
(cd "$apt_dir" && apt-get "${opts[@]}" -q source --download-only imgui=1.86+ds-1)
tar -xf "$apt_dir"/imgui_1.86+ds.orig.tar.xz -C "$dir"
test -f "$dir/imgui-1.86/backends/imgui_impl_opengl3.cpp"
echo "ImGui 1.86 sources in $dir/imgui-1.86"
