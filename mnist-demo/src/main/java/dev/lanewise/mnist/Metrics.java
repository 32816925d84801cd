package dev.lanewise.mnist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lanewise.layers.EpochStats;
import dev.lanewise.layers.Evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code --metrics} file (contract): {@code {"config":{…},"epochs":[{"epoch":1,"train_loss":…,"train_acc":…,
 * "val_loss":…,"val_acc":…,"seconds":…,"samples_per_second":…}],"test":{"loss":…,"accuracy":…},
 * "total_seconds":…}}, accuracies as fractions.
 */
final class Metrics {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Metrics() {
    }

    static void write(Path file, Map<String, Object> config, List<EpochStats> epochs, Evaluation test,
                      double totalSeconds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("config", JSON.valueToTree(config));
        ArrayNode list = root.putArray("epochs");
        for (EpochStats s : epochs) {
            ObjectNode e = list.addObject();
            e.put("epoch", s.epoch());
            e.put("train_loss", s.trainLoss());
            e.put("train_acc", s.trainAccuracy());
            e.put("val_loss", s.validationLoss());
            e.put("val_acc", s.validationAccuracy());
            e.put("seconds", s.seconds());
            e.put("samples_per_second", s.samplesPerSecond());
        }
        ObjectNode t = root.putObject("test");
        t.put("loss", test.loss());
        t.put("accuracy", test.accuracy());
        root.put("total_seconds", totalSeconds);
        Replace.write(file, out -> JSON.writeValue(out, root));
    }
}
