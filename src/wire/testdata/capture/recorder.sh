#!/bin/sh
# An ExaBGP API process: appends everything ExaBGP writes to it to file $1.
cat >> "$1"
