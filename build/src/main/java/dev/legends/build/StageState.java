package dev.legends.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A stage as it builds: the image so far (top-level config fields, container config, layers,
 * history), the ARGs in scope, and where the cache chain stands.
 */
final class StageState {
    /** Top-level image config fields other than config, rootfs and history (architecture, os...). */
    final ObjectNode top;
    ContainerConfig config;
    LayerChain chain;
    final ArrayNode history;
    Instant created;
    /** ARGs declared in this stage, by name; a null value is declared but unset. */
    final Map<String, String> args = new LinkedHashMap<>();
    /** Whether a CMD was given in this stage (ENTRYPOINT clears an inherited CMD only). */
    boolean cmdSet;
    String cacheKey;
    /** Set at the first cache miss: later steps of the stage are not looked up. */
    boolean cacheBroken;

    StageState(ObjectNode top, ContainerConfig config, LayerChain chain, ArrayNode history, Instant created,
               String cacheKey) {
        this.top = top;
        this.config = config;
        this.chain = chain;
        this.history = history;
        this.created = created;
        this.cacheKey = cacheKey;
    }

    /** A new stage starting FROM this one's result: same image, fresh ARG scope. */
    StageState derive() {
        StageState s = new StageState(top.deepCopy(), config.copy(), chain, history.deepCopy(), created, cacheKey);
        s.cacheBroken = cacheBroken;
        return s;
    }

    /** Variables for substitution: ARGs with values, overridden by ENV (docker's precedence). */
    Map<String, String> vars() {
        Map<String, String> vars = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                vars.put(k, v);
            }
        });
        vars.putAll(config.envMap());
        return vars;
    }

    /** The ARGs a RUN sees besides Env (those Env does not override), sorted as {@code K=V}. */
    List<String> runArgs() {
        Map<String, String> env = config.envMap();
        Map<String, String> sorted = new TreeMap<>();
        args.forEach((k, v) -> {
            if (v != null && !env.containsKey(k)) {
                sorted.put(k, v);
            }
        });
        List<String> out = new ArrayList<>();
        sorted.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** Records a step in history, and its layer in the chain. */
    void addStep(CachedStep step, String createdBy) {
        ObjectNode h = Json.mapper().createObjectNode();
        h.put("created", step.created().toString());
        h.put("created_by", createdBy);
        Optional<Layer> layer = step.layer();
        if (layer.isPresent()) {
            chain = chain.plus(layer.get().diffId());
        } else {
            h.put("empty_layer", true);
        }
        history.add(h);
        created = step.created();
    }
}
