package dev.lanewise.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a features column — {@code array<float>}, {@code array<double>} (each value rounded to float) or a Spark ML
 * {@code Vector}, dense or sparse — and a label column (any integral type, or a double holding a whole number, as
 * Spark ML's labels are) from rows, naming the row and column in every error.
 */
final class Features implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { FLOATS, DOUBLES, VECTOR }

    private final String column;
    private final int index;
    private final Kind kind;

    private Features(String column, int index, Kind kind) {
        this.column = column;
        this.index = index;
        this.kind = kind;
    }

    /** The features column {@code column} of {@code schema}, or an exception saying what it is and what works. */
    static Features of(StructType schema, String column) {
        int index = fieldIndex(schema, column, "featuresCol");
        DataType type = schema.fields()[index].dataType();
        Kind kind;
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            kind = Kind.FLOATS;
        } else if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            kind = Kind.DOUBLES;
        } else if (type.equals(SQLDataTypes.VectorType())) {
            kind = Kind.VECTOR;
        } else {
            throw new IllegalArgumentException("featuresCol: column '" + column + "' expected array<float>,"
                    + " array<double> or a Spark ML vector, got " + type.simpleString());
        }
        return new Features(column, index, kind);
    }

    static int fieldIndex(StructType schema, String column, String argument) {
        if (column == null) {
            throw new IllegalArgumentException(argument + ": expected a column name, got null");
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(argument + ": expected one of the columns " + names + ", got '"
                    + column + "'");
        }
        return i;
    }

    String column() {
        return column;
    }

    /** The number of features of {@code row} ({@code where} names it: "row 7 of partition 1"). */
    int length(Row row, String where) {
        Object v = value(row, where);
        return switch (kind) {
            case FLOATS, DOUBLES -> ((scala.collection.Seq<?>) v).length();
            case VECTOR -> ((Vector) v).size();
        };
    }

    /**
     * Writes the features of {@code row} to {@code dst[offset, offset + length)}: exactly {@code length} values,
     * none null, else an IllegalArgumentException naming the row, the column, what was expected and what it held.
     */
    void read(Row row, String where, float[] dst, int offset, int length) {
        Object v = value(row, where);
        switch (kind) {
            case FLOATS, DOUBLES -> {
                scala.collection.Seq<?> seq = (scala.collection.Seq<?>) v;
                checkLength(seq.length(), length, where);
                scala.collection.Iterator<?> it = seq.iterator();
                for (int i = 0; i < length; i++) {
                    Object x = it.next();
                    if (x == null) {
                        throw new IllegalArgumentException(where + ": column '" + column + "' value " + i
                                + " is null, expected a number");
                    }
                    dst[offset + i] = x instanceof Float f ? f : (float) (double) (Double) x;
                }
            }
            case VECTOR -> {
                Vector vec = (Vector) v;
                checkLength(vec.size(), length, where);
                Arrays.fill(dst, offset, offset + length, 0f);
                vec.foreachActive((i, x) -> {
                    dst[offset + (int) i] = (float) (double) x;
                    return scala.runtime.BoxedUnit.UNIT;
                });
            }
        }
    }

    private Object value(Row row, String where) {
        Object v = row.get(index);
        if (v == null) {
            throw new IllegalArgumentException(where + ": column '" + column + "' is null, expected "
                    + (kind == Kind.VECTOR ? "a vector" : "an array") + " of features");
        }
        return v;
    }

    private void checkLength(int got, int expected, String where) {
        if (got != expected) {
            throw new IllegalArgumentException(where + ": column '" + column + "' expected " + expected
                    + " features (as the model reads them), got " + got);
        }
    }

    /** The class label in column {@code index} of {@code row}, checked to be a whole number in [0, classes). */
    static int label(Row row, int index, String column, int classes, String where) {
        Object v = row.get(index);
        long label;
        if (v == null) {
            throw new IllegalArgumentException(where + ": column '" + column + "' is null, expected a class label");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            label = ((Number) v).longValue();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(where + ": column '" + column + "' expected a whole class number,"
                        + " got " + d);
            }
            label = (long) d;
        } else {
            throw new IllegalArgumentException(where + ": column '" + column + "' expected an integer or double"
                    + " class label, got " + v.getClass().getSimpleName() + " " + v);
        }
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(where + ": column '" + column + "' expected a class in [0, " + classes
                    + ") (the model's outputs), got " + label);
        }
        return (int) label;
    }

    /** The label column's index, checked to be numeric. */
    static int labelIndex(StructType schema, String column) {
        int i = fieldIndex(schema, column, "labelCol");
        StructField f = schema.fields()[i];
        DataType t = f.dataType();
        if (!(t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType) || t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType))) {
            throw new IllegalArgumentException("labelCol: column '" + column + "' expected an integer or double class"
                    + " label, got " + t.simpleString());
        }
        return i;
    }
}
