# Writing an OS in C: build, boot, debug and test the lessons.
#
#   make lesson N [run|debug|test|grade|sources|changes]   N is 2, 02 or 02-minimal-kernel
#   make test                        every test of every lesson, and the tools'
#   make grade                       the labs' points (see tests/labs/labs.txt)
#   make help                        everything else
#
# Each lesson lists the files its kernel is built from in lessons/NN-name/build.mk:
# the lesson it builds on and what it adds (make lesson N sources: the whole list).
# All output goes under build/<compiler>/; nothing is written into the sources.

SHELL := /bin/sh
.DEFAULT_GOAL := help
.SUFFIXES:
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-builtin-variables

LESSONS := $(sort $(patsubst lessons/%/build.mk,%,$(wildcard lessons/*/build.mk)))
LESSON_NUMBERS := $(foreach l,$(LESSONS),$(firstword $(subst -, ,$(l))))
# The lesson directory that a user's N names: exact name, "02" or "2".
lesson_match = $(filter $(1) $(1)-% 0$(1)-%,$(LESSONS))
LESSON_ACTIONS := build run debug test grade sources changes

ifeq ($(firstword $(MAKECMDGOALS)),lesson)
# ---------------------------------------------------------------------------
# `make lesson N ACTION`: the words after "lesson" are goals too, so they
# become do-nothing targets and "lesson" runs `make ACTION LESSON=N`.
LESSON_WORDS := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
LESSON_ACTION := $(or $(word 2,$(LESSON_WORDS)),build)

LESSON_NAME := $(call lesson_match,$(word 1,$(LESSON_WORDS)))
ifeq ($(LESSON_WORDS),)
$(error usage: make lesson N [$(subst $() ,|,$(LESSON_ACTIONS))], where N is one of $(LESSON_NUMBERS))
endif
ifneq ($(words $(LESSON_NAME)),1)
$(error unknown lesson '$(word 1,$(LESSON_WORDS))': the lessons are $(LESSON_NUMBERS) ($(LESSONS)))
endif
ifeq ($(filter $(LESSON_ACTION),$(LESSON_ACTIONS)),)
$(error unknown action '$(LESSON_ACTION)': use one of $(LESSON_ACTIONS))
endif
ifneq ($(word 3,$(LESSON_WORDS)),)
$(error usage: make lesson N [$(subst $() ,|,$(LESSON_ACTIONS))]: one action at a time)
endif

.PHONY: lesson $(LESSON_WORDS)
lesson:
	@$(MAKE) --no-print-directory $(LESSON_ACTION) LESSON=$(LESSON_NAME)
$(LESSON_WORDS):
	@:

else
# ---------------------------------------------------------------------------
# Toolchain. `make CC=clang` builds everything with clang into build/clang.
CC := cc
# clang by its name too: before tools/require.sh has installed it, it cannot
# say what it is, and the packages to install depend on the answer.
ifneq ($(findstring clang,$(notdir $(CC)) $(shell $(CC) --version 2>/dev/null)),)
COMPILER := clang
else
COMPILER := gcc
endif
BUILD := build/$(COMPILER)
LD := ld
# Sub-makes build in parallel, a job per CPU, unless make was given -j
# itself (then they share its job slots).
JOBS := $(shell nproc 2>/dev/null || echo 1)
SUBMAKE_FLAGS = -s --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS))
NASM := nasm
# Debian's own Python (package python3), never another python3 that PATH
# may find first: the tools are written for Debian 12's 3.11.2 and 13's 3.13.
PYTHON := /usr/bin/python3
export PYTHON

# NASM 2.16.03 added the warning class "reloc" (part of -w+all): a warning
# for every relocation that refers to another section or file, that is,
# every call into C and every address of .bss taken in .text. In an object
# file that the linker places at a fixed address those are what relocations
# are for, so exactly that class is turned off. NASM 2.16.01 has no such
# class and rejects its name, hence the probe.
NASM_NO_RELOC_WARNINGS := $(shell f=$$(mktemp) && \
	$(NASM) -w+all -w+error -w-reloc -f elf64 -o $$f /dev/null > /dev/null 2>&1 && \
	echo -w-reloc; rm -f $$f)

# The kernel's flags: our "target". lessons/01-freestanding explains each one.
# [kernel flags]
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer
ifeq ($(COMPILER),clang)
KERNEL_CFLAGS += --target=x86_64-unknown-none-elf
else
# Belt and braces with -ffreestanding: gcc must never turn the loop inside
# memset() into a call to memset() (it does so in hosted code).
KERNEL_CFLAGS += -fno-tree-loop-distribute-patterns
endif
# [kernel flags]
# [ubsan flags]
# The in-kernel tests once more, checked for undefined behaviour: ktest_ubsan
# (and the test kernels named ubsan_*) are built with these checks, which
# call lesson 04's ubsan.c, itself built without them. Chapter 04 says why
# these and not the rest of -fsanitize=undefined.
UBSAN_CFLAGS := -fsanitize=shift,signed-integer-overflow,integer-divide-by-zero,bounds \
	-fsanitize=alignment,null,object-size,pointer-overflow,bool,enum,builtin \
	-fsanitize=vla-bound,unreachable,nonnull-attribute,returns-nonnull-attribute
UBSAN_RUNTIME := lessons/04-testing/ubsan.c
# [ubsan flags]
# [assembler and linker flags]
NASMFLAGS := -f elf64 -g -F dwarf -w+all -w+error $(NASM_NO_RELOC_WARNINGS)
LDFLAGS := -n -T common/kernel.ld -z max-page-size=0x1000 -z noexecstack --fatal-warnings
# [assembler and linker flags]

# Host unit tests: pure kernel code compiled for Linux, with sanitizers.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_LDLIBS := -lcmocka

# ---------------------------------------------------------------------------
# Per-lesson rules. Lesson 01's build.mk lists its KERNEL_SOURCES and MAIN.
# Every later build.mk names the lesson it builds on (BASE) and only what it
# changes, so the file is the lesson's diff: REPLACE old=new (in place),
# REMOVE, ADD (appended), its MAIN, and KTEST_MAIN if not the base's. The
# expanded lists go into <lesson>.sources etc.; `make lesson N sources`
# prints them. Chapter 01 ("The build list") says why.
define read_build_list
KERNEL_SOURCES :=
BASE :=
REPLACE :=
REMOVE :=
ADD :=
MAIN :=
KTEST_MAIN :=
include lessons/$(1)/build.mk
$(1).sources := $$(if $$(BASE),$$(filter-out $$(REMOVE),$$(call replace_each,$$($$(BASE).sources),$$(REPLACE))) $$(ADD),$$(KERNEL_SOURCES))
$(1).main := $$(MAIN)
$(1).ktest_main := $$(or $$(KTEST_MAIN),$$($$(BASE).ktest_main))
$(1).base := $$(BASE)
$(1).chain := $(1) $$($$(BASE).chain)
$$(call check_build_list,$(1))
LESSONS_READ += $(1)
$(1).tests := $$(sort $$(basename $$(notdir $$(wildcard lessons/$(1)/tests/*.c))))
endef

# replace_each LIST, PAIRS: LIST with each old=new of PAIRS swapped in place
pair = $(subst =, ,$(1))
replace_each = $(if $(2),$(call replace_each,$(patsubst $(firstword $(call pair,$(firstword $(2)))),$(lastword $(call pair,$(firstword $(2)))),$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
# check_build_list LESSON: stop with a clear message on any mistake in its build.mk
# (files under build/, such as the generated font, are made by a rule, not looked for)
build_list_error = $(error lessons/$(1)/build.mk: $(2))
duplicates = $(strip $(foreach f,$(sort $(1)),$(if $(filter-out 1,$(words $(filter $(f),$(1)))),$(f))))
define check_build_list
$(if $(BASE),$(if $(filter $(BASE),$(LESSONS_READ)),,$(call build_list_error,$(1),BASE $(BASE) is not an earlier lesson ($(LESSONS_READ)))))
$(if $(BASE),$(if $(KERNEL_SOURCES),$(call build_list_error,$(1),with a BASE lesson list only the changes (ADD and REPLACE or REMOVE) instead of KERNEL_SOURCES)))
$(if $(BASE),,$(if $(ADD)$(REPLACE)$(REMOVE),$(call build_list_error,$(1),ADD and REPLACE or REMOVE need a BASE lesson to change)))
$(foreach p,$(REPLACE),$(if $(filter 2,$(words $(call pair,$(p)))),,$(call build_list_error,$(1),REPLACE takes OLD=NEW pairs: $(p))))
$(foreach f,$(REMOVE) $(foreach p,$(REPLACE),$(firstword $(call pair,$(p)))),$(if $(filter $(f),$($(BASE).sources)),,$(call build_list_error,$(1),$(f) is not in lesson $(BASE)'s list (make lesson $(BASE) sources))))
$(if $(MAIN),,$(call build_list_error,$(1),MAIN (the file with kernel_main) is not set))
$(foreach f,$(filter-out build/%,$($(1).sources)) $(MAIN) $($(1).ktest_main),$(if $(wildcard $(f)),,$(call build_list_error,$(1),no such file: $(f))))
$(if $(call duplicates,$($(1).sources)),$(call build_list_error,$(1),listed twice (maybe already in lesson $(BASE)'s list): $(call duplicates,$($(1).sources))))
endef
$(foreach l,$(LESSONS),$(eval $(call read_build_list,$(l))))

# objects DIR, SOURCES: where each source's object goes
objects = $(patsubst %,$(1)/%.o,$(2))
# Headers are found next to every C file a kernel is built from.
include_dirs = -Icommon/include $(addprefix -I,$(patsubst %/,%,$(sort $(dir $(filter %.c,$(1))))))
# The headers a file may include depend on where it lives: a file of lesson N
# (lessons/N/, its tests/ too) sees common/include and the lessons of N's
# chain (N, its BASE, that one's BASE, ...), a file anywhere else only
# common/include. So common/ cannot include a lesson, nor a lesson a later
# lesson's header: the compiler says "No such file" (tests/layers.sh shows
# it). The directories depend on the file alone, so its object is still
# the same in every kernel that lists it.
chain_includes = -Icommon/include $(addprefix -Ilessons/,$($(1).chain))

# Objects are shared by all kernels: a file compiles to the same object in
# every lesson that lists it, so each is compiled once per variant, into
# $(BUILD)/obj/VARIANT/ (keeping the source's path). The variants: kernel
# (the lesson's own kernel), ktest (the test kernels, -DKTEST_BUILD) and
# ubsan (the test kernels checked for undefined behaviour). This holds
# because a file's include directories depend on where it lives, not on the
# kernel (chain_includes), and no two headers share a name, so a header
# named once means the same file everywhere (the host tests too).
OBJ := $(BUILD)/obj
RUNNER_TESTS := $(sort $(basename $(notdir $(wildcard tests/runner/*.c))))
RUNNER_SOURCES := $(01-freestanding.sources)
ALL_KERNEL_SOURCES := $(foreach l,$(LESSONS),$($(l).sources) $($(l).main) $($(l).ktest_main) \
	$(patsubst %,lessons/$(l)/tests/%.c,$($(l).tests))) $(RUNNER_TESTS:%=tests/runner/%.c)
KERNEL_INCLUDES := $(call include_dirs,$(ALL_KERNEL_SOURCES))
HEADER_NAMES := $(notdir $(wildcard $(patsubst -I%,%/*.h,$(KERNEL_INCLUDES))))
ifneq ($(call duplicates,$(HEADER_NAMES)),)
$(error two headers share a name ($(call duplicates,$(HEADER_NAMES))): the lessons share their objects, so each header name must be unique)
endif

# The ktest variant differs from the kernel variant only in the test
# kernels' own files (tests/*.c, the KTEST_MAIN) and the shared files that
# use KTEST_BUILD or KTEST() (ktest.h): only those are compiled again, and
# for every other file a test kernel links the kernel's object, which would
# come out the same byte for byte. That holds while no header but ktest.h
# depends on KTEST_BUILD or includes ktest.h, which is checked here.
KTEST_FILES := $(foreach l,$(LESSONS),$(patsubst %,lessons/$(l)/tests/%.c,$($(l).tests)) $($(l).ktest_main)) \
	$(shell grep -ls -e KTEST_BUILD -e '"ktest.h"' $(sort $(ALL_KERNEL_SOURCES)))
KTEST_HEADERS := $(filter-out %/ktest.h,$(shell grep -lsE '^\s*\#\s*(if.*KTEST_BUILD|include\s*"ktest.h")' \
	$(wildcard $(patsubst -I%,%/*.h,$(KERNEL_INCLUDES)))))
ifneq ($(KTEST_HEADERS),)
$(error $(KTEST_HEADERS): a header that depends on KTEST_BUILD makes every file that includes it differ in test kernels; keep that in ktest.h or the .c files (see KTEST_FILES))
endif
# variant_objects VARIANT, SOURCES: the objects a kernel of that variant links, in order
variant_objects = $(if $(filter ktest,$(1)),$(foreach f,$(2),$(OBJ)/$(if $(filter $(f),$(KTEST_FILES)),ktest,kernel)/$(f).o),$(call objects,$(OBJ)/$(1),$(2)))

# kernel_image LESSON, NAME, VARIANT, SOURCES: link one kernel ELF (again
# when a build.mk of its chain changes: a REPLACE may swap an older object in)
# The images a build makes: the GRUB ISO of each lesson's own kernel (run,
# debug and the boot-path tests boot it) and of the runner's kernels; the
# ELF alone of every test kernel, which the tests boot directly. An ISO is
# 5 MB and a tenth of a second of xorriso; `make BUILD/LESSON/NAME.iso`
# makes one for any kernel (the rule further down).
define kernel_image
$(BUILD)/$(1)/$(2).elf: $(call variant_objects,$(3),$(4)) common/kernel.ld \
		$(foreach c,$($(1).chain),lessons/$(c)/build.mk)
	@[ -d $$(@D) ] || mkdir -p $$(@D); echo "  LD      $$@" && \
		$(LD) $(LDFLAGS) -o $$@ $$(filter %.o,$$^)
$(1).images += $(BUILD)/$(1)/$(2).$(if $(filter kernel,$(2))$(filter runner,$(1)),iso,elf)
endef

# A newline, to end each test kernel's rules inside a $(foreach).
define newline


endef

# lesson_rules LESSON: the kernel and the test kernels
define lesson_rules
$(call kernel_image,$(1),kernel,kernel,$($(1).sources) $($(1).main))
$(if $($(1).ktest_main),$(call kernel_image,$(1),ktest,ktest,$($(1).sources) $($(1).ktest_main)))
$(if $($(1).ktest_main),$(call kernel_image,$(1),ktest_ubsan,ubsan,$($(1).sources) $($(1).ktest_main)))
$(foreach t,$($(1).tests),$(call kernel_image,$(1),$(t),$(if $(filter ubsan_%,$(t)),ubsan,ktest),$($(1).sources) lessons/$(1)/tests/$(t).c)$(newline))
endef

FILE_INCLUDES := -Icommon/include
$(foreach l,$(LESSONS),$(foreach v,kernel ktest ubsan,\
	$(eval $(OBJ)/$(v)/lessons/$(l)/%: FILE_INCLUDES := $(call chain_includes,$(l)))))
$(OBJ)/ktest/%: VARIANT_FLAGS := -DKTEST_BUILD
$(OBJ)/ubsan/%: VARIANT_FLAGS := -DKTEST_BUILD $(UBSAN_CFLAGS)
$(OBJ)/ubsan/$(UBSAN_RUNTIME).o: VARIANT_FLAGS := -DKTEST_BUILD
$(OBJ)/kernel/%.c.o: %.c ; $(compile_kernel_c)
$(OBJ)/ktest/%.c.o: %.c ; $(compile_kernel_c)
$(OBJ)/ubsan/%.c.o: %.c ; $(compile_kernel_c)
$(OBJ)/kernel/%.asm.o: %.asm ; $(assemble)
$(OBJ)/ktest/%.asm.o: %.asm ; $(assemble)
$(OBJ)/ubsan/%.asm.o: %.asm ; $(assemble)

# One shell for the whole recipe: a process costs more than most of these
# steps. The .json beside each object is its line of compile_commands.json.
define compile_kernel_c
@[ -d $(@D) ] || mkdir -p $(@D); echo "  CC      $<" && \
	$(CC) $(KERNEL_CFLAGS) $(FILE_INCLUDES) $(VARIANT_FLAGS) -MMD -MP -c $< -o $@ && \
	printf '{"directory": "%s", "file": "%s", "command": "%s"},\n' "$(CURDIR)" "$<" \
	"$(CC) $(KERNEL_CFLAGS) $(FILE_INCLUDES) $(VARIANT_FLAGS) -c $< -o $@" > $@.json
endef

define assemble
@[ -d $(@D) ] || mkdir -p $(@D); echo "  NASM    $<" && \
	$(NASM) $(NASMFLAGS) -MD $@.d -MP $< -o $@
endef

$(foreach l,$(LESSONS),$(eval $(call lesson_rules,$(l))))

# check-layers (make test): a file cannot include a header of a later layer.
# layer_includes LAYER: the include directories of a file of common/ or of a lesson
layer_includes = $(if $(filter common,$(1)),-Icommon/include,$(call chain_includes,$(1)))
# probe_layer LAYER, HEADER, OWNER: tests/layers/probe.c including HEADER
# compiles as a file of OWNER, the lesson HEADER belongs to, and fails as one of LAYER.
LAYERS_PROBE := tests/layers/probe.c
define probe_layer
	@echo "  LAYERS  $(1) cannot include $(3)'s $(2)"
	@$(CC) $(KERNEL_CFLAGS) $(call layer_includes,$(3)) -DPROBE_HEADER='"$(2)"' \
		-fsyntax-only $(LAYERS_PROBE) || \
		{ echo "check-layers: the probe does not compile even in $(3)"; exit 1; }
	@if $(CC) $(KERNEL_CFLAGS) $(call layer_includes,$(1)) -DPROBE_HEADER='"$(2)"' \
		-fsyntax-only $(LAYERS_PROBE) 2> /dev/null; then \
		echo "check-layers: a file of $(1) can include $(3)'s $(2)"; exit 1; fi
endef
.PHONY: check-layers
check-layers:
	$(call probe_layer,common,multiboot2.h,02-minimal-kernel)
	$(call probe_layer,03-vga-text,page_tables.h,08-paging)

# Kernels that break on purpose, to prove the test runner's verdicts.
$(foreach t,$(RUNNER_TESTS),$(eval $(call kernel_image,runner,$(t),kernel,$(RUNNER_SOURCES) tests/runner/$(t).c)))

# The framebuffer console's font (common/include/font.h): the VGA ROM font
# from Debian's console-data package, checked to be code page 437 and turned
# into C. Shared by both compilers' builds, so written by a rename.
FONT_PSF := /usr/share/consolefonts/default8x16.psf.gz
build/font/cp437_8x16.c: tools/psf_font.py $(wildcard $(FONT_PSF))
	@mkdir -p $(@D)
	@echo "  FONT    $@"
	@$(PYTHON) tools/psf_font.py $(FONT_PSF) $@.$(COMPILER).tmp && mv $@.$(COMPILER).tmp $@

# A GRUB ISO around any kernel ELF: a copy of the GRUB part, built once,
# with the kernel added (tools/make_iso.sh says why).
GRUB_ISO := $(BUILD)/grub/grub.iso
$(GRUB_ISO): tools/make_iso.sh
	@mkdir -p $(@D)
	@echo "  GRUB    $@"
	@sh tools/make_iso.sh --grub $@
$(BUILD)/%.iso: $(BUILD)/%.elf $(GRUB_ISO) tools/make_iso.sh
	@echo "  ISO     $@"; sh tools/make_iso.sh $< $@ $(GRUB_ISO)

# Host unit tests: each tests/host/test_NAME.mk says which sources its test
# needs. Each file is compiled once into $(BUILD)/host/obj/, for every test
# that lists it (header names are unique, so one search path serves all),
# and each test program is linked from its objects.
HOST_TESTS :=
include $(sort $(wildcard tests/host/*.mk))
HOST_TEST_BINARIES := $(addprefix $(BUILD)/host/,$(HOST_TESTS))
HOST_OBJ := $(BUILD)/host/obj
HOST_INCLUDES := -iquote common/include \
	$(addprefix -iquote ,$(sort $(dir $(foreach t,$(HOST_TESTS),$($(t)_SOURCES)))))
$(HOST_OBJ)/%.c.o: %.c
	@[ -d $(@D) ] || mkdir -p $(@D); echo "  HOSTCC  $<" && \
		$(CC) $(HOST_CFLAGS) $(HOST_INCLUDES) -MMD -MP -c $< -o $@ && \
		printf '{"directory": "%s", "file": "%s", "command": "%s"},\n' "$(CURDIR)" "$<" \
		"$(CC) $(HOST_CFLAGS) $(HOST_INCLUDES) -c $< -o $@" > $@.json
define host_test
$(BUILD)/host/$(1): $(call objects,$(HOST_OBJ),tests/host/$(1).c $($(1)_SOURCES))
	@echo "  HOSTLD  $$@"; $(CC) $(HOST_CFLAGS) -o $$@ $$(filter %.o,$$^) $(HOST_LDLIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test,$(t))))

# Fuzz harnesses: each tests/fuzz/fuzz_NAME.mk says which sources it needs.
# libFuzzer comes with clang, so they are built with clang whatever CC is.
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TESTS :=
include $(sort $(wildcard tests/fuzz/*.mk))
FUZZ_BINARIES := $(addprefix $(BUILD)/fuzz/,$(FUZZ_TESTS))
define fuzz_harness
$(BUILD)/fuzz/$(1): tests/fuzz/$(1).c $($(1)_SOURCES)
	@mkdir -p $$(@D)
	@echo "  FUZZCC  $$@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -iquote common/include $$(addprefix -iquote ,$$(sort $$(dir $($(1)_SOURCES)))) \
		-MMD -MP -o $$@ $$(filter %.c,$$^)
endef
$(foreach t,$(FUZZ_TESTS),$(eval $(call fuzz_harness,$(t))))

# Dependency files: touching a header rebuilds exactly what includes it.
# Only where the rules above write them: a build directory from an older
# layout of the rules may hold others, which would name stale prerequisites.
-include $(shell find $(OBJ) $(HOST_OBJ) $(BUILD)/fuzz -name '*.d' 2>/dev/null)

ALL_IMAGES := $(foreach l,$(LESSONS),$($(l).images)) $(runner.images)

# ---------------------------------------------------------------------------
# The lesson a command is about: LESSON=2, 02 or 02-minimal-kernel.
ifneq ($(LESSON),)
L := $(call lesson_match,$(LESSON))
ifneq ($(words $(L)),1)
$(error unknown lesson '$(LESSON)': the lessons are $(LESSON_NUMBERS) ($(LESSONS)))
endif
endif
ifneq ($(filter build run debug sources changes,$(MAKECMDGOALS)),)
ifeq ($(L),)
$(error say which lesson: make lesson N $(firstword $(filter build run debug sources changes,$(MAKECMDGOALS))), where N is one of $(LESSON_NUMBERS))
endif
endif

# The firmware of make lesson N run/debug/test: bios (SeaBIOS) or uefi (OVMF).
# make lesson N test boots under one firmware, for a quick answer (OVMF alone
# takes 3-4 s to start under emulation); make test boots under both.
FIRMWARE := bios
ifeq ($(filter $(FIRMWARE),bios uefi),)
$(error unknown FIRMWARE '$(FIRMWARE)': use FIRMWARE=bios or FIRMWARE=uefi)
endif

# How make lesson N run/debug start the kernel: grub (SeaBIOS or OVMF, then
# GRUB from the ISO, as the lessons teach) or direct (QEMU loads the ELF file
# itself through its PVH note, chapter 02: quicker, and no boot loader).
# make test chooses per test (the spec's boot line, tools/runner/spec.py).
BOOT := grub
ifeq ($(filter $(BOOT),grub direct),)
$(error unknown BOOT '$(BOOT)': use BOOT=grub or BOOT=direct)
endif
ifeq ($(BOOT)$(FIRMWARE),directuefi)
$(error BOOT=direct needs FIRMWARE=bios: OVMF (UEFI) can only start GRUB)
endif

# Which Debian packages a command needs; tools/require.sh installs them as root.
REQUIRE = @sh tools/require.sh $(COMPILER)

.PHONY: help build run debug test test-distros docs clean all check-deps compile_commands
.PHONY: grade grade-all handout submit
.PHONY: snippets figures fuzz book-pdf screenshots
help:
	@echo "Writing an OS in C: a kernel in eight lessons."
	@echo
	@echo "  make lesson N run     boot lesson N in QEMU (N: $(LESSON_NUMBERS))"
	@echo "  make lesson N debug   boot lesson N paused, with GDB stopped at kernel_main"
	@echo "  make lesson N test    run lesson N's tests (its boots under BIOS; make test: both)"
	@echo "  make lesson N grade   grade lesson N's labs: points per exercise"
	@echo "  make lesson N         only build lesson N"
	@echo "  make lesson N sources the files lesson N is built from (its build.mk, expanded)"
	@echo "  make lesson N changes the files lesson N adds, replaces and removes, with the diffs"
	@echo "  make test             run every test: lessons, host unit tests, runner, debugger, labs"
	@echo "  make fuzz             fuzz the parsers and encoders (FUZZ_SECONDS=60 per harness)"
	@echo "  make test-distros     the two commands on bare Debian 12 and 13 roots (root, slow)"
	@echo "  make all              build every lesson and test kernel"
	@echo "  make bench            the tools' speed figures next to their goals (slow; nothing fails)"
	@echo "                        and the same grades under CPU and memory limits (about 6 min;"
	@echo "                        STABILITY_RUNS=5 grades per limit, 0 leaves it out; QUICK=1 too)"
	@echo "  make docs             build the book and the API reference into build/docs"
	@echo "  make screenshots      boot every lesson and take the book's screen pictures again"
	@echo "  make book-pdf         the whole book as one PDF: build/book.pdf (installs Chromium)"
	@echo "  make snippets         rewrite the book's code blocks from the sources they name"
	@echo "  make figures          draw the book's figures (book/figures/*.svg) from their .dot"
	@echo "  make clean            remove build/"
	@echo "  make run LESSON=N     the same as make lesson N run (also debug, test, build, grade)"
	@echo "  CC=clang              build with clang instead of gcc (into build/clang)"
	@echo "  FIRMWARE=uefi         run, debug and test under UEFI (OVMF) instead of BIOS"
	@echo "  BOOT=direct           run and debug without GRUB: QEMU loads kernel.elf itself"
	@echo "                        (its PVH note, chapter 02); quicker, BIOS only"
	@echo "  GDB=no                make lesson N debug starts QEMU alone, for an editor's debugger"
	@echo "  TEST_FLAGS=...        more options for tools/run_tests.py (e.g. --firmware bios);"
	@echo "                        every test's result is also in build/<compiler>/test-results.json"
	@echo
	@echo "Labs (the exercises at the end of chapters 02-08):"
	@echo "  make grade            grade every lab; exit status 0 only with full marks"
	@echo "  make grade LAB=3.1    grade one lab (LAB may list several: LAB=\"3.1 3.2\")"
	@echo "  make submit           pack this tree into build/submission.tar.gz to hand in"
	@echo "  make handout          write the student tree, stubs for solutions (OUT=build/handout)"
	@echo "  make grade-all DIR=D  grade every submission in folder D into build/grades.csv and"
	@echo "                        build/feedback/STUDENT.txt; run again to resume where it stopped"
	@echo "                        OUT=file.csv  FEEDBACK=dir  TIMEOUT=seconds per submission (900)"
	@echo "                        PARALLEL=N submissions at once  JOBS=N labs at once in each"
	@echo "                        (default: one per CPU this process may use)  LAB=\"3.1 3.2\""
	@echo "                        STUDENT=\"alice bob\" only these  REGRADE=1 grade finished ones again"
	@echo "                        CCACHE=dir a compiler cache the builds read  KEEP=1 keep the trees"
	@echo "                        COLD=1 build each submission from nothing, not from the handout's objects"
	@echo "  make gradescope       the Gradescope autograder bundle: build/gradescope.zip"
	@echo
	@echo "Lessons:"
	@for l in $(LESSONS); do echo "  $$l"; done

check-deps:
	$(REQUIRE) build run debug host test labs fuzz docs

# The whole list a lesson's build.mk expands to, one file a line, so that
#   diff <(make -s lesson 6 sources) <(make -s lesson 7 sources)
# compares two lessons' kernels.
.PHONY: sources
sources:
	@$(foreach f,$($(L).sources),echo '$(f)';)
	@echo 'MAIN = $($(L).main)'
	@$(if $($(L).ktest_main),echo 'KTEST_MAIN = $($(L).ktest_main)')

# What lesson N changes in the lesson it builds on, and the diff of each file
# it replaces; every chapter shows the same list in its "Files of this
# lesson" box (tools/book/changes.py, written by make snippets).
.PHONY: changes
changes:
	@$(PYTHON) -B tools/book changes $(L)

build:
	$(REQUIRE) build
	@$(MAKE) $(SUBMAKE_FLAGS) $($(L).images) compile_commands

run:
	$(REQUIRE) build run
	@$(MAKE) $(SUBMAKE_FLAGS) $(BUILD)/$(L)/kernel.iso compile_commands
	@BOOT=$(BOOT) sh tools/qemu_run.sh $(L) $(BUILD)/$(L)/kernel.iso $(FIRMWARE)

debug:
	$(REQUIRE) build run debug
	@$(MAKE) $(SUBMAKE_FLAGS) $(BUILD)/$(L)/kernel.iso compile_commands
	@FIRMWARE=$(FIRMWARE) BOOT=$(BOOT) sh tools/qemu_debug.sh $(L) $(BUILD)/$(L)/kernel.elf $(BUILD)/$(L)/kernel.iso

all:
	$(REQUIRE) build host
	@$(MAKE) $(SUBMAKE_FLAGS) $(ALL_IMAGES) $(HOST_TEST_BINARIES) compile_commands

test:
ifeq ($(L),)
	$(REQUIRE) build run debug host test labs fuzz docs
	@$(MAKE) $(SUBMAKE_FLAGS) $(ALL_IMAGES) $(HOST_TEST_BINARIES) $(FUZZ_BINARIES) \
		compile_commands check-layers
	@$(PYTHON) tools/run_tests.py --build $(BUILD) --all --json $(BUILD)/test-results.json $(TEST_FLAGS)
else
	$(REQUIRE) build run test
	@$(MAKE) $(SUBMAKE_FLAGS) $($(L).images) compile_commands
	@$(PYTHON) tools/run_tests.py --build $(BUILD) --lesson $(L) --firmware $(FIRMWARE) \
		--json $(BUILD)/test-results.json $(TEST_FLAGS)
endif

# Fuzzing the pure code the host tests build (tests/fuzz): each harness
# for FUZZ_SECONDS, starting from its committed corpus; new inputs go to
# build/<compiler>/fuzz/corpus. make test runs a short, repeatable pass.
fuzz:
	$(REQUIRE) fuzz
	@$(MAKE) $(SUBMAKE_FLAGS) $(FUZZ_BINARIES)
	@sh tests/fuzz/run.sh $(BUILD) $(or $(FUZZ_SECONDS),60)

# The labs: tools/grade.py builds what each lab's tests need and runs them;
# then compile_commands.json takes in what it compiled, whatever the grade.
grade:
	$(REQUIRE) build run host test labs
	@$(PYTHON) tools/grade.py --build $(BUILD) --cc $(CC) $(if $(L),--lesson $(L)) \
		$(foreach id,$(LAB),--lab $(id)) $(GRADE_FLAGS); status=$$?; \
		$(MAKE) $(SUBMAKE_FLAGS) compile_commands; exit $$status

grade-all:
	$(if $(DIR),,$(error say which folder of submissions: make grade-all DIR=path))
	$(REQUIRE) build run host test labs
	@$(PYTHON) tools/grade_all.py --dir $(DIR) --out $(or $(OUT),build/grades.csv) \
		--build $(BUILD) --cc $(CC) $(if $(TIMEOUT),--timeout $(TIMEOUT)) \
		$(if $(FEEDBACK),--feedback $(FEEDBACK)) $(if $(PARALLEL),--parallel $(PARALLEL)) \
		$(if $(filter command line environment,$(origin JOBS)),--jobs $(JOBS)) \
		$(if $(CCACHE),--ccache $(CCACHE)) \
		$(if $(REGRADE),--regrade) $(if $(KEEP),--keep) $(if $(COLD),--cold) \
		$(foreach id,$(LAB),--lab $(id)) $(foreach s,$(STUDENT),--student $(s))

# The Gradescope autograder: the course tree with setup.sh and run_autograder.
.PHONY: gradescope
gradescope:
	@$(PYTHON) tools/gradescope.py bundle --out $(or $(OUT),build/gradescope.zip)

handout:
	@$(PYTHON) tools/handout.py --out $(or $(OUT),build/handout)

submit:
	@$(PYTHON) tools/submit.py --out build/submission.tar.gz

# The README's two commands on bare Debian 12 and 13 roots (as root; slow:
# it installs everything in each root). DISTROS="12" tries one release.
test-distros:
	$(REQUIRE) distros
	@sh tests/distros/run.sh $(or $(DISTROS),12 13)

# Speed figures next to their goals and floors: a benchmark, it never fails.
.PHONY: bench
bench:
	$(REQUIRE) build run test
	@$(MAKE) $(SUBMAKE_FLAGS) $(ALL_IMAGES) $(HOST_TEST_BINARIES)
	@$(PYTHON) tools/bench.py --build $(BUILD) --cc $(CC) $(if $(RUNS),--runs $(RUNS)) $(if $(QUICK),--quick) \
		$(if $(STABILITY_RUNS),--stability-runs $(STABILITY_RUNS))

# The book and the API reference, with the committed pictures of the
# lessons' screens: building the book writes nothing outside build/.
docs:
	$(REQUIRE) docs
	@echo "  DOXYGEN build/docs: the book and the API reference (a minute or so)"
	@sh tools/make_docs.sh build/docs

# The book shows each lesson's real screen: boot every lesson (BIOS) and
# take QEMU's picture again (book/figures/screens/); commit what changed.
screenshots:
	$(REQUIRE) build run docs
	@$(MAKE) $(SUBMAKE_FLAGS) $(foreach l,$(LESSONS),$(BUILD)/$(l)/kernel.iso)
	@$(PYTHON) -B tools/screenshots.py --build $(BUILD)

# The book as one PDF, printed by headless Chromium from the HTML book
# (tools/book/pdf.py): the pages in reading order, a table of contents,
# vector figures and working links. The screenshots are the committed ones.
book-pdf:
	$(REQUIRE) docs pdf
	@sh tools/make_docs.sh build/docs
	@$(PYTHON) -B tools/book pdf build/docs build/book.pdf

# The book's code blocks (<!-- snippet: FILE [NAME] --> tags) from the sources.
snippets:
	@$(PYTHON) -B tools/book snippets

# The book's figures: book/figures/NAME.svg from NAME.dot, with its hash.
figures:
	$(REQUIRE) docs
	@$(PYTHON) -B tools/figures.py

# compile_commands.json for clangd and other editors, from what was compiled
# (the kernels' and the host tests' objects): after the other goals of the
# same make, which may run in parallel. Every command that compiles (build,
# run, debug, test, lesson N test, all, grade) writes it. A file compiled
# several ways is listed each time, the lesson kernel's way first: clangd
# takes the first.
compile_commands: $(filter-out compile_commands,$(MAKECMDGOALS))
	@mkdir -p build
	@{ echo '['; find $(OBJ)/kernel $(OBJ)/ktest $(OBJ)/ubsan $(HOST_OBJ) -name '*.o.json' \
		-exec cat {} + 2> /dev/null | sed '$$ s/,$$//'; echo ']'; } \
		> build/compile_commands.json

clean:
	rm -rf build

endif
