#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion: every option each command's --help lists is offered,
# and pagemap names and apply's sections come from memremapctl's JSON, with
# jq and without it.
. "$TOP_SRCDIR/test/unit/lib.sh"
five=$(tree 5)
mkdir -p "$tmp/bin" "$tmp/conf"
# memremapctl on the canned tree, as the completion calls it
printf '#!/bin/sh\nexec "%s" --sysroot "%s" "$@"\n' "$MEMREMAPCTL" "$five" > "$tmp/bin/memremapctl"
chmod +x "$tmp/bin/memremapctl"
printf '[pagemap alpha]\nstart = 0x100000000\nsize = 256M\n\n[pagemap beta]\ntype = private\nsize = 64M\n' \
	> "$tmp/conf/10.conf"
PATH=$tmp/bin:$PATH

# what bash-completion's _init_completion would set, from COMP_WORDS
_init_completion() {
	words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	cur=${words[cword]} prev=${words[cword - 1]}
}
_filedir() { :; }
. "$TOP_SRCDIR/contrib/bash-completion/memremapctl"

# complete WORD...: COMPREPLY for the last word, as one line
complete_words() {
	COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMPREPLY=()
	_memremapctl
	echo " ${COMPREPLY[*]} "
}

for cmd in create list destroy apply monitor version; do
	missing=
	offered=$(complete_words memremapctl "$cmd" --)
	for opt in $("$MEMREMAPCTL" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case $offered in *" $opt "*) ;; *) missing="$missing $opt" ;; esac
	done
	if [ -z "$missing" ]; then
		pass "$cmd: every option of --help is completed"
	else
		fail "$cmd: every option of --help is completed" "missing:$missing" "offered:$offered"
	fi
done
got=$(complete_words memremapctl "")
for cmd in create list destroy apply monitor version help; do
	case $got in *" $cmd "*) ;; *) fail "command $cmd is completed" "$got"; continue ;; esac
	pass "command $cmd is completed"
done

# -o: the column names list --help gives, for the last name of a list
got=$(complete_words memremapctl list -o DEV,SI)
if [ "$got" = " DEV,SIZE " ]; then pass "list -o completes the last column of a list"; else fail "list -o completes the last column of a list" "$got"; fi
got=$(complete_words memremapctl list -o +PARENT_)
if [ "$got" = " +PARENT_START +PARENT_SIZE " ]; then pass "list -o completes after +"; else fail "list -o completes after +" "$got"; fi
got=$(complete_words memremapctl list -R -o OW)
if [ "$got" = " OWNERS " ]; then pass "list -R -o completes the columns of -R"; else fail "list -R -o completes the columns of -R" "$got"; fi
got=$(complete_words memremapctl list -o "")
n=$(printf '%s\n' $got | wc -l)
if [ "$n" -gt 20 ] && [ "$n" -eq "$("$MEMREMAPCTL" list --help |
	sed -n '/^Columns (-o):/,/^$/p' | sed 1d | tr ',' ' ' | wc -w)" ]; then
	pass "list -o offers every column of list --help ($n)"
else
	fail "list -o offers every column of list --help" "$got"
fi

for with in jq nojq; do
	if [ $with = nojq ]; then
		# a PATH without jq: only the directories of memremapctl, sh and the tools
		mkdir -p "$tmp/nojq"
		for t in sh cat sort grep tr rm; do ln -sf "$(command -v $t)" "$tmp/nojq/$t"; done
		PATH=$tmp/bin:$tmp/nojq
	elif ! type -P jq > /dev/null; then
		skip "completion with jq" "no jq"
		continue
	fi
	got=$(complete_words memremapctl destroy "")
	if [ "$(printf '%s\n' $got | sort | tr '\n' ' ')" = \
	     "all pagemap0 pagemap1 pagemap2 pagemap3 pagemap4 pm2 pm4 scratch " ]; then
		pass "destroy completes pagemaps and names from list -j ($with)"
	else
		fail "destroy completes pagemaps and names from list -j ($with)" "$got"
	fi
	got=$(complete_words memremapctl list -p pm)
	if [ "$got" = " pm2 pm4 " ]; then pass "list -p completes a prefix ($with)"; else fail "list -p completes a prefix ($with)" "$got"; fi
	got=$(complete_words memremapctl apply --config "$tmp/conf" "")
	if [ "$got" = " alpha beta " ]; then
		pass "apply completes the sections of --config ($with)"
	else
		fail "apply completes the sections of --config ($with)" "$got"
	fi
done
finish
