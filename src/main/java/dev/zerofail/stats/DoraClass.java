package dev.zerofail.stats;

/** The 2023 DORA report's performance clusters. */
public enum DoraClass { ELITE, HIGH, MEDIUM, LOW }
