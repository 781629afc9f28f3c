package dev.sidecars.configinit;

/** How an array of a later layer meets the array of an earlier one (jq, Helm and Spring replace). */
enum ArrayMode {
    /** The later array replaces the earlier one entirely: the default. */
    REPLACE,
    /** Element i of the later array deep-merges into element i of the earlier one (.NET's behaviour). */
    MERGE_BY_INDEX,
    /** The later array's elements are added after the earlier ones. */
    APPEND
}
