# cmake -DROOT=REPO -DOUT=DIR -P web/site.cmake: copies the page, the lessons and the fonts into
# the static site DIR and writes files.json, the list web/pre.js fetches into the program's
# file system before it starts ({"url": where on the site, "path": where the program reads it}).
file(COPY ${ROOT}/web/index.html DESTINATION ${OUT})
file(GLOB lessons ${ROOT}/scenarios/*.json)
list(SORT lessons)
file(REMOVE_RECURSE ${OUT}/scenarios ${OUT}/fonts)
file(COPY ${lessons} DESTINATION ${OUT}/scenarios)
set(entries "")
foreach(f IN LISTS lessons)
  get_filename_component(name ${f} NAME)
  list(APPEND entries "  {\"url\": \"scenarios/${name}\", \"path\": \"/scenarios/${name}\", \"lesson\": true}")
endforeach()
# The lessons' Rust programs: a lesson may name its sibling .rs file ("program"), and File >
# Open lists them.
file(GLOB programs ${ROOT}/scenarios/*.rs)
list(SORT programs)
if(programs)
  file(COPY ${programs} DESTINATION ${OUT}/scenarios)
endif()
foreach(f IN LISTS programs)
  get_filename_component(name ${f} NAME)
  list(APPEND entries "  {\"url\": \"scenarios/${name}\", \"path\": \"/scenarios/${name}\"}")
endforeach()
# The fonts the window looks for first (app/gui/theme.cpp), at the same paths.
foreach(font /usr/share/fonts/opentype/inter/Inter-Regular.otf
             /usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf)
  if(NOT EXISTS ${font})
    message(FATAL_ERROR "missing ${font} (Debian packages fonts-inter, fonts-jetbrains-mono)")
  endif()
  get_filename_component(name ${font} NAME)
  file(COPY ${font} DESTINATION ${OUT}/fonts)
  list(APPEND entries "  {\"url\": \"fonts/${name}\", \"path\": \"${font}\"}")
endforeach()
list(JOIN entries ",\n" body)
file(WRITE ${OUT}/files.json "[\n${body}\n]\n")
