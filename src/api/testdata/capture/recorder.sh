#!/bin/sh
# Appends what ExaBGP writes to this process to the file named by $1.
echo "recorder start $$" >> "$1.log"
cat >> "$1"
echo "recorder end $$ rc=$?" >> "$1.log"
