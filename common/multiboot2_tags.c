/*
 * Finding one tag in the Multiboot2 boot information, every size checked
 * before it is used (see multiboot2_tags.h). The boot code needs this much
 * before kernel_main (text_screen.c looks for the framebuffer); lesson 02's
 * multiboot2.c builds the rest of a reader on top.
 */
#include "multiboot2_tags.h"

const struct mb2_tag *mb2_find(const void *boot_info, size_t available, uint32_t type)
{
	const uint8_t *at = (const uint8_t *)boot_info + MB2_HEADER_SIZE;
	const uint8_t *end;
	uint32_t total_size;

	if (available < MB2_HEADER_SIZE)
		return NULL;
	total_size = *(const uint32_t *)boot_info;
	if (total_size < MB2_HEADER_SIZE || total_size > available)
		return NULL;
	end = (const uint8_t *)boot_info + total_size;
	while ((size_t)(end - at) >= sizeof(struct mb2_tag)) {
		const struct mb2_tag *tag = (const struct mb2_tag *)at;
		size_t room = (size_t)(end - at);
		size_t padded = ((size_t)tag->size + MB2_TAG_ALIGN - 1) & ~(size_t)(MB2_TAG_ALIGN - 1);

		/* A size below the header's would loop forever; above room, read too far. */
		if (tag->size < sizeof(*tag) || tag->size > room || tag->type == MB2_TAG_END)
			return NULL;
		if (tag->type == type)
			return tag;
		at += padded < room ? padded : room;
	}
	return NULL;	/* no end tag before the end of the data */
}

const struct mb2_framebuffer_tag *mb2_framebuffer(const void *boot_info, size_t available)
{
	const struct mb2_tag *tag = mb2_find(boot_info, available, MB2_TAG_FRAMEBUFFER);
	const struct mb2_framebuffer_tag *fb = (const struct mb2_framebuffer_tag *)tag;

	if (tag == NULL || tag->size < MB2_FRAMEBUFFER_TAG_COMMON_SIZE)
		return NULL;
	if (fb->framebuffer_type == MB2_FRAMEBUFFER_RGB &&
	    tag->size < offsetof(struct mb2_framebuffer_tag, blue_size) + 1)
		return NULL;
	return fb;
}
