package io.reactivenet.internal.connect;

import io.reactivenet.ConnectEvent;
import io.reactivenet.NetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a lookup's answer means for the race, decided without side effects: Node's {@code 'lookup'}
 * events to emit, then either the addresses to attempt in order or the error to fail with.
 *
 * @param events the events, in Node's order
 * @param candidates the addresses to attempt, in order (empty with an error)
 * @param error the connect's error, or null
 * @param races whether the attempts race (false when one address is left)
 */
record LookupResult(List<ConnectEvent> events, List<InetSocketAddress> candidates, @Nullable NetException error,
        boolean races) {

    /** The lookup's answer ({@code found}, or {@code failure}) for {@code plan}. */
    static LookupResult of(ConnectPlan plan, @Nullable List<InetAddress> found, @Nullable Throwable failure) {
        String host = plan.host();
        if (failure == null && found != null && found.stream().anyMatch(Objects::isNull)) {
            failure = new NullPointerException("the lookup returned a null address");
        }
        if (failure != null || found == null) {
            return failed(List.of(), ConnectErrors.lookupFailed(host, failure), host);
        }
        List<ConnectEvent> events = new ArrayList<>();
        boolean races = plan.races();
        if (races) {
            // Node reports every address found, before filtering or ordering them.
            found.forEach(a -> events.add(new ConnectEvent.Lookup(null, Addresses.text(a), Addresses.familyOf(a), host)));
        }
        List<InetAddress> usable = Addresses.ofFamily(found, plan.family(), plan.hints());
        if (usable.isEmpty()) {
            return failed(events, ConnectErrors.noAddress(host, found, plan.family()), host);
        }
        if (!races) {
            // Node asks for one address (all: false) and reports that one.
            InetAddress first = usable.get(0);
            events.add(new ConnectEvent.Lookup(null, Addresses.text(first), Addresses.familyOf(first), host));
            return new LookupResult(events, List.of(new InetSocketAddress(first, plan.port())), null, false);
        }
        List<InetSocketAddress> ordered = Addresses.interleave(usable).stream()
                .map(a -> new InetSocketAddress(a, plan.port())).toList();
        // Node: "only one address found, switching back to single connection".
        return new LookupResult(events, ordered, null, ordered.size() > 1);
    }

    private static LookupResult failed(List<ConnectEvent> before, NetException error, String host) {
        List<ConnectEvent> events = new ArrayList<>(before);
        events.add(new ConnectEvent.Lookup(error, null, 0, host));
        return new LookupResult(events, List.of(), error, false);
    }
}
