/*
 * Emergency writers: screens for reports that find the console lock held
 * (see emergency_writer.h). This file takes the place of lesson 03's, which
 * had none.
 *
 * An exception can strike inside kprintf() (a bad pointer for "%s"), and an
 * NMI anywhere: the lock's holder is then the interrupted code on this CPU,
 * frozen until the report is over. The report writes beside it with an
 * emergency writer: a second writer over the same screen, with its own
 * column, so the holder's state is never touched.
 */
#include <stddef.h>
#include "console.h"
#include "emergency_writer.h"

/*
 * Reports can nest: an NMI during an exception's report, a fault inside
 * the NMI's, a panic at the end. Each level gets its own emergency writer,
 * so the inner report never changes the state of the outer one's.
 */
#define EMERGENCY_LEVELS 4

static struct vga_writer emergency_writers[EMERGENCY_LEVELS];
static int emergency_depth;	/* emergency writers in use, innermost last */

//! [emergency]
struct vga_writer *emergency_writer_get(void)
{
	const struct vga_writer *screen = console_vga();
	struct vga_writer *writer;
	int level;

	if (screen->buffer == NULL)
		return NULL;	/* before console_init(): serial has the report */
	level = __atomic_fetch_add(&emergency_depth, 1, __ATOMIC_ACQUIRE);
	if (level >= EMERGENCY_LEVELS) {
		/* nested too deep: serial has the report */
		__atomic_fetch_sub(&emergency_depth, 1, __ATOMIC_RELEASE);
		return NULL;
	}
	/*
	 * The same screen, a column of its own, starting on a fresh row below
	 * the interrupted text: the interrupted writer keeps its own state and
	 * carries on below the report when it resumes.
	 */
	writer = &emergency_writers[level];
	vga_writer_init(writer, screen->buffer, screen->width, screen->height);
	vga_write_char(writer, '\n');
	return writer;
}

void emergency_writer_put(void)
{
	/* The cursor's registers are not touched: the interrupted code may be
	 * in the middle of moving it. */
	__atomic_fetch_sub(&emergency_depth, 1, __ATOMIC_RELEASE);
}
//! [emergency]
