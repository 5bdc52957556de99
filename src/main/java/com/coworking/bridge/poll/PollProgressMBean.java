package com.coworking.bridge.poll;

/** JMX view of the poll: {@code spacebring-luckey-bridge:type=Poll}. */
public interface PollProgressMBean {

    boolean isRunning();

    /** The current (or last) poll is a full sync: first start, or the link enabled again. */
    boolean isFullSync();

    int getPagesFetched();

    /** Users of the linked location the mirror knows. */
    long getUsersKnown();

    /** Of those, users not waiting to be reconciled. */
    long getUsersDone();

    String getStartedAt();

    String getFinishedAt();

    String getLastOutcome();
}
