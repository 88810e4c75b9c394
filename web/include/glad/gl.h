/* The web build's stand-in for the glad loader the desktop build generates: WebGL2 is
   OpenGL ES 3.0, whose functions emscripten links directly, so there is nothing to load. */
#pragma once
#include <GLES3/gl3.h>

typedef void (*GLADapiproc)(void);
typedef GLADapiproc (*GLADloadfunc)(const char* name);

static inline int gladLoadGL(GLADloadfunc load) {
    (void)load;
    return 1;
}
