#ifndef STARTWELL_CNCURSES_SHIM_H
#define STARTWELL_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot see these macros and globals directly; wrap them.
static inline WINDOW *sw_stdscr(void) { return stdscr; }
static inline int sw_lines(void) { return LINES; }
static inline int sw_cols(void) { return COLS; }
static inline int sw_key_resize(void) { return KEY_RESIZE; }
static inline attr_t sw_a_bold(void) { return A_BOLD; }
static inline attr_t sw_a_reverse(void) { return A_REVERSE; }
static inline attr_t sw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sw_a_dim(void) { return A_DIM; }
static inline attr_t sw_a_normal(void) { return A_NORMAL; }
static inline int sw_color_pairs(void) { return COLOR_PAIRS; }
static inline int sw_colors(void) { return COLORS; }

static inline int sw_key_code_yes(void) { return KEY_CODE_YES; }
static inline attr_t sw_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline WINDOW *sw_curscr(void) { return curscr; }
static inline int sw_max_y(WINDOW *win) { return getmaxy(win); }
static inline int sw_max_x(WINDOW *win) { return getmaxx(win); }
static inline int sw_key_f0(void) { return KEY_F0; }
static inline int sw_err(void) { return ERR; }
static inline int sw_ok(void) { return OK; }

// The C library's idea of a character's width, which is what ncurses uses to
// place it; Glibc's Swift module does not export wcwidth.
static inline int sw_wcwidth(wchar_t c) { return wcwidth(c); }

#endif
